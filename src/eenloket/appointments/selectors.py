"""Reads of appointments and bookable services, scoped to the viewer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from eenloket.accounts.types import Actor
from eenloket.audit.services import Action, Shown, access_log_record
from eenloket.common.errors import NotFound
from eenloket.organisations.selectors import counter_municipality_id

from .models import Appointment, BookableService


def bookings_for(user: Actor) -> QuerySet[BookableService]:
    """The bookable services at the viewer's municipality's locations."""
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return BookableService.objects.none()
    return (
        BookableService.objects.filter(
            is_active=True, service__location__municipality_id=municipality_id
        )
        .select_related("service__location", "service__organisation")
        .order_by("service__location__name", "service__name")
    )


def appointments_for(user: Actor) -> QuerySet[Appointment]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Appointment.objects.none()
    return Appointment.objects.filter(location__municipality_id=municipality_id)


def appointments_on(*, user: Actor, day: dt.date, location_id: int | None) -> QuerySet[Appointment]:
    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    qs = appointments_for(user).filter(
        starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
    )
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    return qs.select_related("booking__service", "location", "resident").order_by("starts_at")


def appointment_get(*, user: Actor, pk: int) -> Appointment:
    appointment = (
        appointments_for(user)
        .select_related("booking__service", "location", "resident", "help_request")
        .filter(pk=pk)
        .first()
    )
    if appointment is None:
        raise NotFound("not_found", "Not found.")
    if appointment.resident_id:
        access_log_record(
            user=user,
            resident_id=appointment.resident_id,
            action=Action.READ,
            purpose="appointment",
            obj=appointment,
        )
    return appointment


def appointment_lines(appointments: Iterable[Appointment]) -> list[Shown]:
    """The access-log lines of a page of appointments (`audit.services.access_log_shown`)."""
    return [(a.resident_id, a, "appointment") for a in appointments]
