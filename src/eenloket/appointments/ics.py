"""An appointment as an iCalendar event (RFC 5545), with Europe/Amsterdam times."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment


def ics_for(appointment: Appointment) -> bytes:
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Een Loket//Afspraken//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"afspraak-{appointment.pk}@eenloket")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at.astimezone(zone))
    event.add("dtend", appointment.ends_at.astimezone(zone))
    event.add("summary", f"{appointment.booking.service.name} – {appointment.location.name}")
    location = appointment.location
    event.add(
        "location", f"{location.name}, {location.street}, {location.postcode} {location.city}"
    )
    if appointment.what_to_bring:
        event.add("description", "Neem mee:\n" + "\n".join(appointment.what_to_bring))
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
