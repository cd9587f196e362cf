"""Every service on the walk-in queue checks the acting worker's role and municipality itself, so
no caller (page, API, task) can act across municipalities: Amersfoort's specialist is refused on
Utrecht's queues, desks and tickets as if they did not exist, an account of Utrecht without a
counter role is refused, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from eenloket.accounts.models import User
from eenloket.appointments.models import Appointment
from eenloket.common.errors import NotFound, PermissionDenied
from eenloket.contacts.models import Contact
from eenloket.organisations.models import Location, Organisation, Role
from eenloket.organisations.tests.factories import staff
from eenloket.queue import services
from eenloket.queue.models import Desk, Queue, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def utrecht(demo: dict[str, str]) -> dict[str, Any]:
    """The demo's queues at Utrecht's Stadskantoor: one ticket called at Balie 1, others waiting."""
    location = Location.objects.get(slug="utrecht-stadskantoor")
    front_office = Queue.objects.get(location=location, kind=Queue.Kind.FRONT_OFFICE)
    called = services.ticket_call_next(
        user=User.objects.get(username="frontoffice"),
        desk=Desk.objects.get(location=location, name="Balie 1"),
    )
    return {
        "front_office": front_office,
        "specialist": Queue.objects.get(location=location, kind=Queue.Kind.SPECIALIST),
        "check_in": Queue.objects.get(location=location, kind=Queue.Kind.CHECK_IN),
        "desk": Desk.objects.get(location=location, name="Balie 2"),
        "called": called,
        "waiting": Ticket.objects.filter(queue=front_office, status=Ticket.Status.WAITING).first(),
        "appointment": Appointment.objects.filter(location=location).first(),
    }


@pytest.fixture
def amersfoort(demo: dict[str, str]) -> dict[str, Any]:
    """A queue and desk of Amersfoort's own, to mix with Utrecht's objects."""
    location = Location.objects.get(slug="amersfoort-stadhuis")
    queue = Queue.objects.create(
        location=location, kind=Queue.Kind.CHECK_IN, name="Afspraak", prefix="C"
    )
    desk = Desk.objects.create(location=location, name="Balie 1")
    desk.queues.set([queue])
    return {"queue": queue, "desk": desk}


CALLS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "ticket_issue": lambda u, c: services.ticket_issue(
        user=u, queue=c["front_office"], name="mevrouw Bos", question="Parkeervergunning"
    ),
    "ticket_issue at check-in": lambda u, c: services.ticket_issue(
        user=u, queue=c["check_in"], name="Afspraak", appointment=c["appointment"]
    ),
    "ticket_call_next": lambda u, c: services.ticket_call_next(user=u, desk=c["desk"]),
    "ticket_call": lambda u, c: services.ticket_call(user=u, desk=c["desk"], ticket=c["waiting"]),
    "ticket_no_show": lambda u, c: services.ticket_no_show(user=u, ticket=c["called"]),
    "ticket_transfer": lambda u, c: services.ticket_transfer(
        user=u, ticket=c["waiting"], queue=c["specialist"]
    ),
    "ticket_finish": lambda u, c: services.ticket_finish(
        user=u, ticket=c["called"], outcome=Contact.Outcome.ANSWERED, answer="Uitgelegd"
    ),
}

# Amersfoort's own queue or desk with one of Utrecht's objects.
MIXED: dict[str, Callable[[Any, dict[str, Any], dict[str, Any]], Any]] = {
    "ticket_issue with Utrecht's appointment": lambda u, c, own: services.ticket_issue(
        user=u, queue=own["queue"], name="Afspraak", appointment=c["appointment"]
    ),
    "ticket_call of Utrecht's ticket": lambda u, c, own: services.ticket_call(
        user=u, desk=own["desk"], ticket=c["waiting"]
    ),
    "ticket_transfer of Utrecht's ticket": lambda u, c, own: services.ticket_transfer(
        user=u, ticket=c["waiting"], queue=own["queue"]
    ),
}


def snapshot() -> tuple[Any, ...]:
    return (
        list(
            Ticket.objects.order_by("pk").values_list(
                "pk", "queue_id", "number", "status", "desk_id", "called_at", "appointment_id"
            )
        ),
        Contact.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_worker_of_the_municipality_may(name: str, utrecht: dict[str, Any]) -> None:
    """The refusals below are about scope alone: the same call by Utrecht's worker changes data."""
    before = snapshot()
    CALLS[name](User.objects.get(username="frontoffice"), utrecht)
    assert snapshot() != before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_worker_of_another_municipality_is_refused(name: str, utrecht: dict[str, Any]) -> None:
    other = User.objects.get(username="specialist-amersfoort")
    before = snapshot()
    with pytest.raises(NotFound):
        CALLS[name](other, utrecht)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_account_of_the_municipality_without_a_counter_role_is_refused(
    name: str, utrecht: dict[str, Any]
) -> None:
    no_counter_role = staff(
        Role.KNOWLEDGE_MANAGER, organisation=Organisation.objects.get(code="gemeente-utrecht")
    )
    before = snapshot()
    with pytest.raises(PermissionDenied):
        CALLS[name](no_counter_role, utrecht)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(MIXED))
def test_a_worker_cannot_bring_another_municipalitys_object_to_their_own_queue(
    name: str, utrecht: dict[str, Any], amersfoort: dict[str, Any]
) -> None:
    other = User.objects.get(username="specialist-amersfoort")
    before = snapshot()
    with pytest.raises(NotFound):
        MIXED[name](other, utrecht, amersfoort)
    assert snapshot() == before
