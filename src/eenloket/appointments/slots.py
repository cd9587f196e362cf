"""The slot finder: which start times of a bookable service still have a free desk."""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from eenloket.organisations.models import ClosingDay, HoursException, OpeningHours

from .models import Appointment, BookableService


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: int


def _windows(booking: BookableService) -> dict[int, list[tuple[dt.time, dt.time]]]:
    """Per weekday the bookable windows: the service's own hours, else the location's."""
    windows: dict[int, list[tuple[dt.time, dt.time]]] = {}
    own = list(booking.hours.all())
    if own:
        for hours in own:
            windows.setdefault(hours.weekday, []).append((hours.opens, hours.closes))
        return windows
    for opening in OpeningHours.objects.filter(
        location_id=booking.service.location_id, kind=OpeningHours.Kind.OPEN
    ):
        windows.setdefault(opening.weekday, []).append((opening.opens, opening.closes))
    return windows


def _clip(
    windows: list[tuple[dt.time, dt.time]], exception: tuple[dt.time, dt.time] | None
) -> list[tuple[dt.time, dt.time]]:
    """The windows within the location's different hours of that date, if any."""
    if exception is None:
        return windows
    opens, closes = exception
    return [(max(a, opens), min(b, closes)) for a, b in windows if max(a, opens) < min(b, closes)]


def free_slots(
    booking: BookableService,
    *,
    start: dt.date | None = None,
    days: int = 14,
    now: dt.datetime | None = None,
    limit: int = 200,
) -> list[Slot]:
    """Free slots from `start` for `days` days, respecting hours, closing days, minimum notice,
    horizon and the desks already booked. Times are local (Europe/Amsterdam), also across
    daylight-saving changes."""
    zone = ZoneInfo(settings.TIME_ZONE)
    now = now or timezone.now()
    today = timezone.localtime(now, zone).date()
    start = max(start or today, today)
    last = min(start + dt.timedelta(days=days), today + dt.timedelta(days=booking.horizon_days))
    earliest = now + dt.timedelta(hours=booking.min_notice_hours)
    windows = _windows(booking)
    closed = set(
        ClosingDay.objects.filter(
            location_id=booking.service.location_id, date__gte=start, date__lte=last
        ).values_list("date", flat=True)
    )
    different = {
        e.date: (e.opens, e.closes)
        for e in HoursException.objects.filter(
            location_id=booking.service.location_id, date__gte=start, date__lte=last
        )
    }
    range_start = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    range_end = dt.datetime.combine(last, dt.time.max, tzinfo=zone)
    taken = Counter(
        Appointment.objects.filter(
            booking=booking,
            status=Appointment.Status.BOOKED,
            starts_at__gte=range_start,
            starts_at__lte=range_end,
        ).values_list("starts_at", flat=True)
    )
    length = dt.timedelta(minutes=booking.duration_minutes)
    slots: list[Slot] = []
    day = start
    while day <= last and len(slots) < limit:
        if day not in closed:
            for opens, closes in _clip(sorted(windows.get(day.weekday(), [])), different.get(day)):
                moment = dt.datetime.combine(day, opens, tzinfo=zone)
                end_of_window = dt.datetime.combine(day, closes, tzinfo=zone)
                while moment + length <= end_of_window:
                    free = booking.capacity - taken.get(moment, 0)
                    if moment >= earliest and free > 0:
                        slots.append(Slot(moment, moment + length, free))
                    moment += length
        day += dt.timedelta(days=1)
    return slots[:limit]


def is_free(
    booking: BookableService, starts_at: dt.datetime, now: dt.datetime | None = None
) -> bool:
    local = timezone.localtime(starts_at, ZoneInfo(settings.TIME_ZONE))
    return any(
        slot.starts_at == starts_at
        for slot in free_slots(booking, start=local.date(), days=0, now=now, limit=500)
    )


# Residents see free times this many days ahead (at most the service's own horizon).
DAYS_SHOWN = 28


def slot_picker(
    booking: BookableService, chosen_day: str, *, exclude: dt.datetime | None = None
) -> dict[str, Any]:
    """Free slots grouped by local day: the days to choose from and the chosen day's times."""
    by_day: OrderedDict[dt.date, list[Slot]] = OrderedDict()
    for slot in free_slots(booking, days=min(DAYS_SHOWN, booking.horizon_days), limit=2000):
        if slot.starts_at == exclude:
            continue
        by_day.setdefault(timezone.localtime(slot.starts_at).date(), []).append(slot)
    day = next((d for d in by_day if d.isoformat() == chosen_day), None)
    if day is None and by_day:
        day = next(iter(by_day))
    return {
        "days": [(d, len(times)) for d, times in by_day.items()],
        "day": day,
        "times": by_day.get(day, []) if day else [],
    }
