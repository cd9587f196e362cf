"""Every write to the walk-in queue: issue, call next, call, recall, no-show, transfer, finish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.common.errors import Conflict, DomainError
from eenloket.contacts.models import Channel
from eenloket.organisations.selectors import require_counter_staff

from .models import Desk, Queue, Ticket

# An appointment is called before walk-ins from this long before its time.
APPOINTMENT_LEAD = dt.timedelta(minutes=5)


def _check(user: Any, location_municipality_id: int) -> None:
    _membership, municipality_id = require_counter_staff(user)
    if municipality_id != location_municipality_id:
        raise DomainError("out_of_scope", _("This location is not yours."))


@transaction.atomic
def ticket_issue(
    *, user: Any, queue: Queue, name: str = "", question: str = "", appointment: Any = None
) -> Ticket:
    """Give the next number of today in this queue."""
    queue = Queue.objects.select_for_update().select_related("location").get(pk=queue.pk)
    _check(user, queue.location.municipality_id)
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


def _desk(user: Any, desk: Desk) -> Desk:
    desk = Desk.objects.select_related("location").get(pk=desk.pk)
    _check(user, desk.location.municipality_id)
    return desk


@transaction.atomic
def ticket_call_next(*, user: Any, desk: Desk) -> Ticket | None:
    """The next resident for this desk: appointments at their time first, then whoever waits
    longest. Two desks calling at once never get the same ticket (the row is locked and
    skipped by the other)."""
    desk = _desk(user, desk)
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


def _mark_called(ticket: Ticket, desk: Desk, user: Any, now: dt.datetime) -> Ticket:
    ticket.status = Ticket.Status.CALLED
    ticket.desk = desk
    ticket.called_at = now
    ticket.called_by = user
    ticket.save(update_fields=["status", "desk", "called_at", "called_by"])
    return ticket


def _locked(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("queue__location")
        .get(pk=ticket.pk)
    )


@transaction.atomic
def ticket_call(*, user: Any, desk: Desk, ticket: Ticket) -> Ticket:
    """Call a specific waiting ticket, or call a called one again (recall)."""
    desk = _desk(user, desk)
    locked = _locked(ticket)
    if locked.queue.location_id != desk.location_id:
        raise DomainError("other_location", _("This ticket is for another location."))
    if locked.status not in (Ticket.Status.WAITING, Ticket.Status.CALLED):
        raise Conflict("ticket_closed", _("This ticket has been handled."))
    if locked.status == Ticket.Status.CALLED and locked.desk_id not in (None, desk.pk):
        raise Conflict("called_elsewhere", _("Another desk has called this ticket."))
    return _mark_called(locked, desk, user, timezone.now())


@transaction.atomic
def ticket_no_show(*, user: Any, ticket: Ticket) -> Ticket:
    locked = _locked(ticket)
    _check(user, locked.queue.location.municipality_id)
    if locked.status != Ticket.Status.CALLED:
        raise Conflict("not_called", _("Call the ticket first."))
    locked.status = Ticket.Status.NO_SHOW
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "finished_at"])
    return locked


@transaction.atomic
def ticket_transfer(*, user: Any, ticket: Ticket, queue: Queue) -> Ticket:
    """Send the resident to another queue (front office → specialist), keeping the question
    and the place: their waiting time counts from when they first arrived."""
    locked = _locked(ticket)
    _check(user, locked.queue.location.municipality_id)
    if queue.location_id != locked.queue.location_id:
        raise DomainError("other_location", _("Choose a queue of this location."), field="queue")
    if locked.status not in (Ticket.Status.WAITING, Ticket.Status.CALLED):
        raise Conflict("ticket_closed", _("This ticket has been handled."))
    if queue.pk == locked.queue_id:
        raise DomainError("same_queue", _("The ticket is already in this queue."), field="queue")
    target = Queue.objects.select_for_update().get(pk=queue.pk)
    last = Ticket.objects.filter(queue=target, day=locked.day).aggregate(n=Max("number"))["n"] or 0
    locked.queue = target
    locked.number = last + 1
    locked.status = Ticket.Status.WAITING
    locked.desk = None
    locked.called_at = None
    locked.transfers += 1
    locked.save()
    return locked


@transaction.atomic
def ticket_finish(*, user: Any, ticket: Ticket, outcome: str, answer: str = "") -> Ticket:
    """Done at the desk: the visit becomes a contact moment with its outcome."""
    from eenloket.contacts.services import contact_register

    locked = _locked(ticket)
    _check(user, locked.queue.location.municipality_id)
    if locked.status != Ticket.Status.CALLED:
        raise Conflict("not_called", _("Call the ticket first."))
    contact = contact_register(
        user=user,
        channel=Channel.WALK_IN,
        question=locked.question or _("Question at the counter"),
        answer=answer,
        outcome=outcome,
        location=locked.queue.location,
    )
    locked.status = Ticket.Status.DONE
    locked.finished_at = timezone.now()
    locked.contact = contact
    locked.save(update_fields=["status", "finished_at", "contact"])
    return locked
