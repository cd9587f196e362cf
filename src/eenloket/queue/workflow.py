"""The ticket lifecycle as a table; services enforce it.

waiting → called (at a desk; calling again is a recall) → done or no_show. A transfer to another
queue puts a waiting or called ticket back in line (waiting), keeping its place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.accounts.types import Actor, require_account
from eenloket.common.errors import Conflict, DomainError
from eenloket.common.workflow import Refusal, Transition, Workflow

from .models import Desk, Queue, Ticket

S = Ticket.Status
IN_LINE = {S.WAITING, S.CALLED}
NOT_CALLED = Refusal(Conflict, "not_called", gettext_lazy("Call the ticket first."))


def _not_at_another_desk(ticket: Ticket, *, desk: Desk, **_context: Any) -> DomainError | None:
    if ticket.status == S.CALLED and ticket.desk_id not in (None, desk.pk):
        return Conflict("called_elsewhere", _("Another desk has called this ticket."))
    return None


def _at_desk(ticket: Ticket, *, desk: Desk, user: Actor, now: dt.datetime, **_context: Any) -> None:
    ticket.desk = desk
    ticket.called_at = now
    ticket.called_by = require_account(user)


def _to_another_queue(ticket: Ticket, *, queue: Queue, **_context: Any) -> DomainError | None:
    if queue.pk == ticket.queue_id:
        return DomainError("same_queue", _("The ticket is already in this queue."), field="queue")
    return None


def _back_in_line(ticket: Ticket, **_context: Any) -> None:
    ticket.desk = None
    ticket.called_at = None
    ticket.transfers += 1


def _finished(ticket: Ticket, **_context: Any) -> None:
    ticket.finished_at = timezone.now()


TICKET = Workflow(
    [
        Transition("call", IN_LINE, S.CALLED, guard=_not_at_another_desk, effect=_at_desk),
        Transition("no_show", {S.CALLED}, S.NO_SHOW, effect=_finished, refused=NOT_CALLED),
        Transition("transfer", IN_LINE, S.WAITING, guard=_to_another_queue, effect=_back_in_line),
        Transition("finish", {S.CALLED}, S.DONE, effect=_finished, refused=NOT_CALLED),
    ],
    states=S.choices,
    refused=Refusal(Conflict, "ticket_closed", gettext_lazy("This ticket has been handled.")),
)
