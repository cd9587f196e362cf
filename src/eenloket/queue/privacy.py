"""Walk-in tickets in the registry of personal data: the name and question a resident gave at the
ticket machine are blanked after their period (and at erasure); the ticket itself stays, without
them, for the waiting-time figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from eenloket.common.personal_data import PersonalData, cutoff, not_personal, register

from .models import Desk, Queue, Ticket


def _ticket(ticket: Ticket) -> dict[str, Any]:
    return {
        "day": ticket.day.isoformat(),
        "number": str(ticket),
        "name": ticket.name,
        "question": ticket.question,
        "status": ticket.get_status_display(),
    }


def _old(now: dt.datetime) -> QuerySet[Ticket]:
    return Ticket.objects.filter(day__lt=cutoff("tickets", now).date())


register(
    PersonalData(
        Ticket,
        about="the name and question given at the ticket machine, waiting and calling times",
        resident=("contact__resident", "appointment__resident"),
        section="tickets",
        export=_ticket,
        order_by=("day", "number"),
        retention="tickets",
        expired=_old,
        anonymise={"name": "", "question": ""},
    )
)
not_personal(Queue, "a location's queue: its kind, name and letter")
not_personal(Desk, "a desk or room at a location")
