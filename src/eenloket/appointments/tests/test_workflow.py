"""Every (state, action, actor) of the appointment lifecycle, against a table written out here."""

import datetime as dt

import pytest
from django.utils import timezone

from eenloket.appointments import services, workflow
from eenloket.appointments.models import Appointment, BookableService, ServiceHours, hash_token
from eenloket.appointments.slots import free_slots
from eenloket.common.errors import Conflict, DomainError
from eenloket.organisations.models import LocationService, Role
from eenloket.organisations.tests.factories import LocationFactory, staff

pytestmark = pytest.mark.django_db
S = Appointment.Status

ALL_STATES = [S.BOOKED, S.CANCELLED, S.NO_SHOW, S.DONE]
ACTIONS = ["cancel", "no_show", "done", "reschedule"]
ACTORS = ["resident", "staff"]
# Who may take each action, and (action, from) → to; written out rather than read from
# workflow.py. Every other pair is refused: an action not for the actor as an unknown status,
# a wrong state as "not booked".
BY = {
    "cancel": {"resident", "staff"},
    "no_show": {"staff"},
    "done": {"staff"},
    "reschedule": {"resident", "staff"},
}
MOVES = {
    ("cancel", S.BOOKED): S.CANCELLED,
    ("no_show", S.BOOKED): S.NO_SHOW,
    ("done", S.BOOKED): S.DONE,
    ("reschedule", S.BOOKED): S.BOOKED,
}


@pytest.fixture
def booking():  # type: ignore[no-untyped-def]
    location = LocationFactory()
    service = LocationService.objects.create(location=location, name="Spreekuur")
    booking = BookableService.objects.create(service=service, duration_minutes=30)
    for weekday in range(7):
        ServiceHours.objects.create(
            booking=booking, weekday=weekday, opens=dt.time(9, 0), closes=dt.time(17, 0)
        )
    return booking


def _appointment(booking: BookableService, state: str, starts_at: dt.datetime) -> Appointment:
    return Appointment.objects.create(
        booking=booking,
        location=booking.service.location,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        status=state,
        name="Aisha",
        token_hash=hash_token(f"{state}-{starts_at}"),
        token_expires_at=starts_at + dt.timedelta(days=1),
    )


def test_every_state_action_and_actor_is_in_the_test_table() -> None:
    assert set(ALL_STATES) == set(S.values)
    assert list(workflow.APPOINTMENT.actions) == ACTIONS
    assert {t.action: set(t.by) for t in workflow.APPOINTMENT} == BY
    assert set(ACTORS) == {workflow.RESIDENT, workflow.STAFF}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_appointment_table_allows_exactly_the_listed_transitions(
    booking, state: str, action: str, actor: str
) -> None:  # type: ignore[no-untyped-def]
    # It started an hour ago, so a no-show or done is not refused for being early.
    appointment = _appointment(booking, state, timezone.now() - dt.timedelta(hours=1))
    user = (
        staff(Role.FRONT_OFFICE, organisation=booking.service.location.municipality)
        if actor == "staff"
        else None
    )
    if action == "reschedule":
        later = free_slots(booking, days=7)[0].starts_at
        perform = lambda: services.appointment_reschedule(  # noqa: E731
            user=user, appointment=appointment, starts_at=later
        )
    else:
        status = {"cancel": S.CANCELLED, "no_show": S.NO_SHOW, "done": S.DONE}[action]
        perform = lambda: services.appointment_set_status(  # noqa: E731
            user=user, appointment=appointment, status=status
        )
    expected = MOVES.get((action, state)) if actor in BY[action] else None
    assert workflow.APPOINTMENT.target(action, state) == MOVES.get((action, state))
    assert (action in workflow.APPOINTMENT.allowed(state, by=actor)) == (expected is not None)
    if expected is None:
        with pytest.raises(DomainError) as exc:
            perform()
        assert exc.value.code == ("invalid_status" if actor not in BY[action] else "not_booked")
        appointment.refresh_from_db()
        assert appointment.status == state
    else:
        perform()
        appointment.refresh_from_db()
        assert appointment.status == expected


@pytest.mark.parametrize("status", [S.NO_SHOW, S.DONE])
def test_no_show_and_done_wait_until_the_appointment_has_started(booking, status: str) -> None:  # type: ignore[no-untyped-def]
    appointment = _appointment(booking, S.BOOKED, timezone.now() + dt.timedelta(hours=1))
    user = staff(Role.FRONT_OFFICE, organisation=booking.service.location.municipality)
    with pytest.raises(Conflict) as exc:
        services.appointment_set_status(user=user, appointment=appointment, status=status)
    assert exc.value.code == "not_yet"
    assert "done" not in workflow.APPOINTMENT.allowed(S.DONE)


def test_a_status_without_an_action_is_unknown(booking) -> None:  # type: ignore[no-untyped-def]
    appointment = _appointment(booking, S.BOOKED, timezone.now() - dt.timedelta(hours=1))
    user = staff(Role.FRONT_OFFICE, organisation=booking.service.location.municipality)
    with pytest.raises(DomainError) as exc:
        services.appointment_set_status(user=user, appointment=appointment, status=S.BOOKED)
    assert exc.value.code == "invalid_status"
