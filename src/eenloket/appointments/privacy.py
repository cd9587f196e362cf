"""Appointments in the registry of personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.common.personal_data import PersonalData, cutoff, not_personal, register

from .models import Appointment, BookableService, ServiceHours


def _appointment(appointment: Appointment) -> dict[str, Any]:
    return {
        "at": appointment.starts_at.isoformat(),
        "service": str(appointment.booking),
        "status": appointment.get_status_display(),
        "name": appointment.name,
        "email": appointment.email,
        "phone": appointment.phone,
        "note": appointment.note,
    }


def _past(now: dt.datetime) -> QuerySet[Appointment]:
    return Appointment.objects.filter(starts_at__lt=cutoff("appointments", now))


def _to_come(resident_id: int) -> str | None:
    if Appointment.objects.filter(
        resident_id=resident_id,
        starts_at__gte=timezone.now(),
        status=Appointment.Status.BOOKED,
    ).exists():
        return _("This resident has an appointment to come. Cancel it first, then erase.")
    return None


register(
    PersonalData(
        Appointment,
        about="when, where, for what; name, e-mail and phone given when booking; a note",
        resident=("resident", "help_request__resident"),
        section="appointments",
        export=_appointment,
        order_by=("starts_at", "pk"),
        retention="appointments",
        expired=_past,
        busy=_to_come,
    )
)
not_personal(BookableService, "a service that can be booked and its capacity")
not_personal(ServiceHours, "the hours a service can be booked")
