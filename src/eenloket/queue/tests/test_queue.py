"""The walk-in queue: numbering, call order, transfer, finish, figures and two desks at once."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from eenloket.appointments.models import Appointment
from eenloket.common.errors import Conflict
from eenloket.contacts.models import Contact
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import LocationFactory, staff
from eenloket.queue import selectors, services
from eenloket.queue.models import Desk, Queue, Ticket


def _setup():  # type: ignore[no-untyped-def]
    location = LocationFactory()
    front = staff(Role.FRONT_OFFICE, organisation=location.municipality)
    balie = Queue.objects.create(location=location, kind="front_office", name="Balie", prefix="A")
    specialist = Queue.objects.create(
        location=location, kind="specialist", name="Specialist", prefix="B"
    )
    desk1 = Desk.objects.create(location=location, name="Balie 1")
    desk2 = Desk.objects.create(location=location, name="Balie 2")
    for desk in (desk1, desk2):
        desk.queues.set([balie])
    room = Desk.objects.create(location=location, name="Spreekkamer")
    room.queues.set([specialist])
    return location, front, balie, specialist, desk1, desk2, room


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return _setup()


def test_numbers_count_up_per_queue_and_day(world) -> None:  # type: ignore[no-untyped-def]
    _, front, balie, specialist, *_ = world
    codes = [services.ticket_issue(user=front, queue=balie).code for _ in range(3)]
    assert codes == ["A001", "A002", "A003"]
    assert services.ticket_issue(user=front, queue=specialist).code == "B001"


def _appointment(location, minutes_from_now: int) -> Appointment:  # type: ignore[no-untyped-def]
    from eenloket.appointments.models import BookableService, hash_token
    from eenloket.organisations.models import LocationService

    service, _ = LocationService.objects.get_or_create(location=location, name="Spreekuur")
    booking, _ = BookableService.objects.get_or_create(service=service)
    starts = timezone.now() + dt.timedelta(minutes=minutes_from_now)
    return Appointment.objects.create(
        booking=booking,
        location=location,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        name="Afspraak",
        token_hash=hash_token(f"t{minutes_from_now}"),
        token_expires_at=starts,
    )


def test_call_next_takes_appointments_at_their_time_first_then_longest_waiting(world) -> None:  # type: ignore[no-untyped-def]
    location, front, balie, _, desk1, _, _ = world
    walk_in = services.ticket_issue(user=front, queue=balie)
    later_appointment = services.ticket_issue(
        user=front, queue=balie, appointment=_appointment(location, 60)
    )
    due_appointment = services.ticket_issue(
        user=front, queue=balie, appointment=_appointment(location, 2)
    )
    order = [services.ticket_call_next(user=front, desk=desk1) for _ in range(3)]
    assert [t.pk for t in order if t] == [due_appointment.pk, walk_in.pk, later_appointment.pk]
    assert services.ticket_call_next(user=front, desk=desk1) is None


def test_transfer_keeps_the_question_and_the_place(world) -> None:  # type: ignore[no-untyped-def]
    _, front, balie, specialist, desk1, _, room = world
    early = services.ticket_issue(user=front, queue=balie, question="Schulden en huur")
    later = services.ticket_issue(user=front, queue=specialist)
    services.ticket_call_next(user=front, desk=desk1)
    moved = services.ticket_transfer(user=front, ticket=early, queue=specialist)
    assert moved.code == "B002" and moved.question == "Schulden en huur" and moved.transfers == 1
    called = services.ticket_call_next(user=front, desk=room)
    assert called is not None and called.pk == early.pk  # waited longer than `later`
    assert later.pk != called.pk


def test_finish_becomes_a_contact_and_no_show_is_recorded(world) -> None:  # type: ignore[no-untyped-def]
    _, front, balie, _, desk1, _, _ = world
    ticket = services.ticket_issue(user=front, queue=balie, question="Wat kost een paspoort?")
    with pytest.raises(Conflict):
        services.ticket_finish(user=front, ticket=ticket, outcome="answered")
    services.ticket_call_next(user=front, desk=desk1)
    done = services.ticket_finish(user=front, ticket=ticket, outcome="answered", answer="€ 85")
    contact = Contact.objects.get(pk=done.contact_id)
    assert contact.channel == "balie" and contact.question == "Wat kost een paspoort?"
    other = services.ticket_issue(user=front, queue=balie)
    services.ticket_call_next(user=front, desk=desk1)
    assert services.ticket_no_show(user=front, ticket=other).status == Ticket.Status.NO_SHOW


def test_day_figures_match_a_hand_computed_day(world) -> None:  # type: ignore[no-untyped-def]
    location, _, balie, *_ = world
    base = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    day = timezone.localdate()
    # waits 5, 15 and 8 minutes; desk time 10 and 20 minutes; one no-show.
    for number, (wait, service, status) in enumerate(
        [(5, 10, "done"), (15, 20, "done"), (8, None, "no_show")], start=1
    ):
        Ticket.objects.create(
            queue=balie,
            day=day,
            number=number,
            status=status,
            waiting_since=base,
            called_at=base + dt.timedelta(minutes=wait),
            finished_at=base + dt.timedelta(minutes=wait + (service or 1)),
        )
    [row, *_] = selectors.day_statistics(location, day)
    assert (row["tickets"], row["no_shows"]) == (3, 1)
    assert row["median_wait"] == 8.0
    assert row["median_service"] == 15.0
    assert row["within_10"] == 0.67
    assert selectors.service_minutes(balie, day) == 15.0


def test_expected_wait_uses_recent_desk_times_and_desks(world) -> None:  # type: ignore[no-untyped-def]
    location, front, balie, *_ = world
    for _ in range(4):
        services.ticket_issue(user=front, queue=balie)
    state = next(s for s in selectors.queue_states(location) if s.queue == balie)
    assert len(state.waiting) == 4
    assert state.expected_minutes == 20  # 4 waiting × 10 minutes default / 2 desks


def test_staff_of_another_municipality_cannot_issue(world) -> None:  # type: ignore[no-untyped-def]
    from eenloket.common.errors import DomainError

    _, _, balie, *_ = world
    with pytest.raises(DomainError):
        services.ticket_issue(user=staff(Role.FRONT_OFFICE), queue=balie)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_desks_calling_at_once_never_get_the_same_ticket() -> None:
    from eenloket.demo import load_demo

    load_demo()
    _, front, balie, _, desk1, desk2, _ = _setup()
    for _ in range(2):
        services.ticket_issue(user=front, queue=balie)
    barrier = threading.Barrier(2)
    called: list[int] = []

    def call(desk) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            ticket = services.ticket_call_next(user=front, desk=desk)
            if ticket is not None:
                called.append(ticket.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(d,)) for d in (desk1, desk2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(called) == 2 and len(set(called)) == 2


def test_checking_in_for_an_appointment_gives_a_check_in_ticket(client_for) -> None:  # type: ignore[no-untyped-def]
    from eenloket.appointments.models import Appointment, BookableService, hash_token

    booking = BookableService.objects.get(
        service__name="Paspoort of ID-kaart aanvragen",
        service__location__slug="utrecht-stadskantoor",
    )
    now = timezone.now()
    appointment = Appointment.objects.create(
        booking=booking,
        location=booking.service.location,
        starts_at=now,
        ends_at=now + dt.timedelta(minutes=15),
        name="Karin",
        token_hash=hash_token("karin"),
        token_expires_at=now + dt.timedelta(days=1),
    )
    client = client_for("frontoffice")
    assert "Karin" in client.get("/workspace/queue/").content.decode()
    client.post("/workspace/queue/check-in/", {"appointment": appointment.pk})
    ticket = Ticket.objects.get(appointment=appointment)
    assert ticket.queue.kind == "check_in" and ticket.name == "Karin"
    from eenloket.queue.selectors import appointments_to_check_in

    assert appointment not in appointments_to_check_in(booking.service.location)
