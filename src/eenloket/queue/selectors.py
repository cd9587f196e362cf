"""Reads of the walk-in queue: the overview for staff, the display, expected waits, statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from eenloket.accounts.types import Actor
from eenloket.appointments.models import Appointment
from eenloket.audit.services import Shown
from eenloket.organisations.models import Location
from eenloket.organisations.selectors import counter_municipality_id

from .models import Desk, Queue, Ticket

DEFAULT_SERVICE_MINUTES = 10.0
RECENT = 20


def queues_for(user: Actor) -> QuerySet[Queue]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Queue.objects.none()
    return Queue.objects.filter(location__municipality_id=municipality_id).select_related(
        "location"
    )


def desks_for(user: Actor) -> QuerySet[Desk]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Desk.objects.none()
    return Desk.objects.filter(location__municipality_id=municipality_id).select_related("location")


def tickets_for(user: Actor) -> QuerySet[Ticket]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Ticket.objects.none()
    return Ticket.objects.filter(queue__location__municipality_id=municipality_id)


def service_minutes(queue: Queue, day: dt.date) -> float:
    """Median minutes at the desk of the queue's recent tickets (10 when there are none)."""
    recent = Ticket.objects.filter(
        queue=queue, day=day, status=Ticket.Status.DONE, called_at__isnull=False
    ).order_by("-finished_at")[:RECENT]
    spans = [
        (t.finished_at - t.called_at).total_seconds() / 60
        for t in recent
        if t.finished_at and t.called_at
    ]
    return median(spans) if spans else DEFAULT_SERVICE_MINUTES


@dataclass
class QueueState:
    queue: Queue
    waiting: list[Ticket]
    expected_minutes: int


def queue_states(location: Location) -> list[QueueState]:
    today = timezone.localdate()
    states = []
    for queue in Queue.objects.filter(location=location).prefetch_related("desks"):
        waiting = list(
            Ticket.objects.filter(queue=queue, day=today, status=Ticket.Status.WAITING)
            .select_related("appointment", "contact")
            .order_by("waiting_since", "id")
        )
        desks = max(1, queue.desks.count())
        expected = round(service_minutes(queue, today) * len(waiting) / desks)
        states.append(QueueState(queue, waiting, expected))
    return states


def ticket_lines(tickets: Iterable[Ticket]) -> list[Shown]:
    """The access-log lines of tickets shown to staff: a ticket names a resident through its
    appointment or its contact (load both with the tickets)."""
    lines: list[Shown] = []
    for ticket in tickets:
        if ticket.appointment_id is not None and ticket.appointment is not None:
            lines.append((ticket.appointment.resident_id, ticket, "appointment"))
        elif ticket.contact_id is not None and ticket.contact is not None:
            lines.append((ticket.contact.resident_id, ticket, "handle_contact"))
    return lines


def called_now(location: Location, limit: int = 8) -> list[Ticket]:
    """The most recently called tickets, for the waiting-room display."""
    return list(
        Ticket.objects.filter(
            queue__location=location, day=timezone.localdate(), status=Ticket.Status.CALLED
        )
        .select_related("queue", "desk")
        .order_by("-called_at")[:limit]
    )


def day_statistics(location: Location, day: dt.date) -> list[dict[str, Any]]:
    """Per queue: tickets, no-shows, median wait and service minutes, share called within 10."""
    rows = []
    for queue in Queue.objects.filter(location=location):
        tickets = list(Ticket.objects.filter(queue=queue, day=day))
        called = [t for t in tickets if t.called_at]
        waits = [
            (t.called_at - t.waiting_since).total_seconds() / 60 for t in called if t.called_at
        ]
        services = [
            (t.finished_at - t.called_at).total_seconds() / 60
            for t in tickets
            if t.status == Ticket.Status.DONE and t.finished_at and t.called_at
        ]
        rows.append(
            {
                "queue": queue,
                "tickets": len(tickets),
                "no_shows": sum(1 for t in tickets if t.status == Ticket.Status.NO_SHOW),
                "median_wait": round(median(waits), 1) if waits else None,
                "median_service": round(median(services), 1) if services else None,
                "within_10": round(sum(1 for w in waits if w <= 10) / len(waits), 2)
                if waits
                else None,
            }
        )
    return rows


def appointments_to_check_in(location: Location) -> list[Any]:
    """Today's booked appointments at the location that have no ticket yet."""
    today = timezone.localdate()
    return list(
        Appointment.objects.filter(
            location=location, status=Appointment.Status.BOOKED, starts_at__date=today
        )
        .exclude(tickets__day=today)
        .select_related("booking__service")
        .order_by("starts_at")
    )
