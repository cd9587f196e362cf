"""Every staff-side service on an appointment checks the acting worker's role and municipality
itself, so no caller (page, API, task) can act across municipalities: Amersfoort's specialist is
refused on Utrecht's appointments and bookable services as if they did not exist, an account of
Utrecht without a counter role is refused, and nothing changes. The resident's own link
(user None) is authorised by its token and tested in test_appointments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.appointments import services
from eenloket.appointments.models import Appointment, BookableService, hash_token
from eenloket.appointments.slots import free_slots
from eenloket.common.errors import NotFound, PermissionDenied
from eenloket.contacts.models import TimelineEvent
from eenloket.contacts.services import help_request_open
from eenloket.organisations.models import Organisation, Role
from eenloket.organisations.tests.factories import staff
from eenloket.residents.models import Resident

pytestmark = pytest.mark.django_db


def talk_at(location_slug: str) -> BookableService:
    return BookableService.objects.select_related("service__location").get(
        service__name="Gesprek specialist brede loket", service__location__slug=location_slug
    )


@pytest.fixture
def utrecht(demo: dict[str, str]) -> dict[str, Any]:
    specialist = User.objects.get(username="specialist")
    resident = Resident.objects.get(name="Aisha Haddou")
    help_request = help_request_open(user=specialist, resident=resident, story="Geen inkomen.")
    booking = talk_at("utrecht-stadskantoor")
    free = [slot.starts_at for slot in free_slots(booking, days=14)]
    appointment, _token = services.appointment_book(
        user=specialist,
        booking=booking,
        starts_at=free[0],
        name=resident.name,
        resident=resident,
        help_request=help_request,
    )
    started = timezone.now() - dt.timedelta(minutes=30)
    earlier_today = Appointment.objects.create(
        booking=booking,
        location=booking.service.location,
        starts_at=started,
        ends_at=started + dt.timedelta(minutes=booking.duration_minutes),
        resident=resident,
        name=resident.name,
        token_hash=hash_token("earlier-today"),
        token_expires_at=started + services.TOKEN_VALID_AFTER,
    )
    return {
        "resident": resident,
        "help_request": help_request,
        "booking": booking,
        "appointment": appointment,
        "earlier_today": earlier_today,
        "free": free[1:],
    }


CALLS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "appointment_book": lambda u, c: services.appointment_book(
        user=u,
        booking=c["booking"],
        starts_at=c["free"][0],
        name=c["resident"].name,
        resident=c["resident"],
        help_request=c["help_request"],
    ),
    "appointment_reschedule": lambda u, c: services.appointment_reschedule(
        user=u, appointment=c["appointment"], starts_at=c["free"][1]
    ),
    "appointment_set_status cancelled": lambda u, c: services.appointment_set_status(
        user=u, appointment=c["appointment"], status=Appointment.Status.CANCELLED
    ),
    "appointment_set_status no_show": lambda u, c: services.appointment_set_status(
        user=u, appointment=c["earlier_today"], status=Appointment.Status.NO_SHOW
    ),
    "appointment_set_status done": lambda u, c: services.appointment_set_status(
        user=u, appointment=c["earlier_today"], status=Appointment.Status.DONE
    ),
}


def snapshot(case: dict[str, Any]) -> tuple[Any, ...]:
    return (
        list(
            Appointment.objects.order_by("pk").values_list(
                "pk", "status", "starts_at", "token_hash", "resident_id", "help_request_id"
            )
        ),
        TimelineEvent.objects.filter(help_request=case["help_request"]).count(),
    )


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_worker_of_the_municipality_may(name: str, utrecht: dict[str, Any]) -> None:
    """The refusals below are about scope alone: the same call by Utrecht's worker changes data."""
    before = snapshot(utrecht)
    CALLS[name](User.objects.get(username="frontoffice"), utrecht)
    assert snapshot(utrecht) != before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_worker_of_another_municipality_is_refused(name: str, utrecht: dict[str, Any]) -> None:
    other = User.objects.get(username="specialist-amersfoort")
    before = snapshot(utrecht)
    with pytest.raises(NotFound):
        CALLS[name](other, utrecht)
    assert snapshot(utrecht) == before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_account_of_the_municipality_without_a_counter_role_is_refused(
    name: str, utrecht: dict[str, Any]
) -> None:
    no_counter_role = staff(
        Role.KNOWLEDGE_MANAGER, organisation=Organisation.objects.get(code="gemeente-utrecht")
    )
    before = snapshot(utrecht)
    with pytest.raises(PermissionDenied):
        CALLS[name](no_counter_role, utrecht)
    assert snapshot(utrecht) == before


@pytest.mark.parametrize("case_part", ["resident", "help_request"])
def test_a_worker_cannot_put_another_municipalitys_case_on_a_booking_of_their_own(
    case_part: str, utrecht: dict[str, Any]
) -> None:
    other = User.objects.get(username="specialist-amersfoort")
    own_booking = talk_at("amersfoort-stadhuis")
    before = snapshot(utrecht)
    with pytest.raises(NotFound):
        services.appointment_book(
            user=other,
            booking=own_booking,
            starts_at=free_slots(own_booking, days=14)[0].starts_at,
            name="Inwoner",
            **{case_part: utrecht[case_part]},
        )
    assert snapshot(utrecht) == before


@pytest.mark.parametrize("case_part", ["resident", "help_request"])
def test_an_online_booking_attaches_no_case(case_part: str, utrecht: dict[str, Any]) -> None:
    """Online (user None) nobody is authenticated, so no resident record or help request."""
    before = snapshot(utrecht)
    with pytest.raises(PermissionDenied):
        services.appointment_book(
            user=None,
            booking=utrecht["booking"],
            starts_at=utrecht["free"][0],
            name="Inwoner",
            **{case_part: utrecht[case_part]},
        )
    assert snapshot(utrecht) == before
