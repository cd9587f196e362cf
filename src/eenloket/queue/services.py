"""Every write to the walk-in queue: issue, call next, call, recall, no-show, transfer, finish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.accounts.types import Actor
from eenloket.appointments.services import access_appointment
from eenloket.common.errors import DomainError, NotFound
from eenloket.contacts.models import Channel
from eenloket.contacts.services import contact_register
from eenloket.organisations.models import COUNTER_ROLES
from eenloket.organisations.selectors import require_counter_staff

from . import workflow
from .models import Desk, Queue, Ticket

# An appointment is called before walk-ins from this long before its time.
APPOINTMENT_LEAD = dt.timedelta(minutes=5)


def access_queue(user: Actor, queue: Queue, roles: frozenset[str] = COUNTER_ROLES) -> int:
    """The acting worker's municipality, when they may work this queue; a queue at another
    municipality's location answers like an unknown one (NotFound)."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if queue.location.municipality_id != municipality_id:
        raise NotFound("not_found", _("This queue does not exist."))
    return municipality_id


def access_desk(user: Actor, desk: Desk, roles: frozenset[str] = COUNTER_ROLES) -> int:
    """The acting worker's municipality, when they may call at this desk; a desk at another
    municipality's location answers like an unknown one (NotFound)."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if desk.location.municipality_id != municipality_id:
        raise NotFound("not_found", _("This desk does not exist."))
    return municipality_id


def access_ticket(user: Actor, ticket: Ticket, roles: frozenset[str] = COUNTER_ROLES) -> int:
    """The acting worker's municipality, when they may act on this ticket; one of another
    municipality's queue answers like an unknown one (NotFound). Every service on a ticket
    starts here."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if ticket.queue.location.municipality_id != municipality_id:
        raise NotFound("not_found", _("Unknown ticket."))
    return municipality_id


@transaction.atomic
def ticket_issue(
    *, user: Actor, queue: Queue, name: str = "", question: str = "", appointment: Any = None
) -> Ticket:
    """Give the next number of today in this queue (for an appointment: at check-in)."""
    access_queue(user, queue)
    if appointment is not None:
        access_appointment(user, appointment)
    queue = Queue.objects.select_for_update().select_related("location").get(pk=queue.pk)
    today = timezone.localdate()
    last = Ticket.objects.filter(queue=queue, day=today).aggregate(n=Max("number"))["n"] or 0
    now = timezone.now()
    return Ticket.objects.create(
        queue=queue,
        day=today,
        number=last + 1,
        name=name.strip()[:100],
        question=question.strip()[:500],
        appointment=appointment,
        waiting_since=now,
    )


@transaction.atomic
def ticket_call_next(*, user: Actor, desk: Desk) -> Ticket | None:
    """The next resident for this desk: appointments at their time first, then whoever waits
    longest. Two desks calling at once never get the same ticket (the row is locked and
    skipped by the other)."""
    access_desk(user, desk)
    now = timezone.now()
    candidate = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(queue__in=desk.queues.all(), status=Ticket.Status.WAITING, day=timezone.localdate())
        .annotate(
            priority=Case(
                When(appointment__starts_at__lte=now + APPOINTMENT_LEAD, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("priority", "waiting_since", "id")
        .first()
    )
    if candidate is None:
        return None
    return _mark_called(candidate, desk, user, now)


def _mark_called(ticket: Ticket, desk: Desk, user: Actor, now: dt.datetime) -> Ticket:
    workflow.TICKET.apply(ticket, "call", desk=desk, user=user, now=now)
    ticket.save(update_fields=["status", "desk", "called_at", "called_by"])
    return ticket


def _locked(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("queue__location")
        .get(pk=ticket.pk)
    )


@transaction.atomic
def ticket_call(*, user: Actor, desk: Desk, ticket: Ticket) -> Ticket:
    """Call a specific waiting ticket, or call a called one again (recall)."""
    access_desk(user, desk)
    access_ticket(user, ticket)
    locked = _locked(ticket)
    if locked.queue.location_id != desk.location_id:
        raise DomainError("other_location", _("This ticket is for another location."))
    return _mark_called(locked, desk, user, timezone.now())


@transaction.atomic
def ticket_no_show(*, user: Actor, ticket: Ticket) -> Ticket:
    """The called resident did not come to the desk."""
    access_ticket(user, ticket)
    locked = _locked(ticket)
    workflow.TICKET.apply(locked, "no_show")
    locked.save(update_fields=["status", "finished_at"])
    return locked


@transaction.atomic
def ticket_transfer(*, user: Actor, ticket: Ticket, queue: Queue) -> Ticket:
    """Send the resident to another queue (front office → specialist), keeping the question
    and the place: their waiting time counts from when they first arrived."""
    access_ticket(user, ticket)
    access_queue(user, queue)
    locked = _locked(ticket)
    if queue.location_id != locked.queue.location_id:
        raise DomainError("other_location", _("Choose a queue of this location."), field="queue")
    workflow.TICKET.apply(locked, "transfer", queue=queue)
    target = Queue.objects.select_for_update().get(pk=queue.pk)
    last = Ticket.objects.filter(queue=target, day=locked.day).aggregate(n=Max("number"))["n"] or 0
    locked.queue = target
    locked.number = last + 1
    locked.save()
    return locked


@transaction.atomic
def ticket_finish(*, user: Actor, ticket: Ticket, outcome: str, answer: str = "") -> Ticket:
    """Done at the desk: the visit becomes a contact moment with its outcome."""

    access_ticket(user, ticket)
    locked = _locked(ticket)
    workflow.TICKET.apply(locked, "finish")
    contact = contact_register(
        user=user,
        channel=Channel.WALK_IN,
        question=locked.question or _("Question at the counter"),
        answer=answer,
        outcome=outcome,
        location=locked.queue.location,
    )
    locked.contact = contact
    locked.save(update_fields=["status", "finished_at", "contact"])
    return locked
