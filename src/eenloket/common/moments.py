"""Dates and times that come from outside (a URL, a form, a JSON body), read in one place: within
years the application can compute with (a day after 9999-12-31 does not exist), and a moment
with its time zone, so nobody has to guess which clock a client meant."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django import forms
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)

OUT_OF_RANGE = gettext_lazy("Enter a date between 1900 and 2199.")
NO_ZONE = gettext_lazy("Give the time with its time zone, for example 2026-03-02T09:30:00+01:00.")


def day_in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def day_from(value: str | None) -> dt.date | None:
    """An ISO date (2026-03-02) within range, or None for anything else."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if day_in_range(day) else None


def moment_from(value: str | None) -> dt.datetime | None:
    """An ISO date and time with its zone (2026-03-02T09:30:00+01:00) within range, or None for
    anything else: no zone, an impossible date, hour 24, an offset beyond ±24 hours."""
    try:
        moment = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return moment if day_in_range(moment.date()) else None


def _check_day(day: dt.date) -> dt.date:
    if not day_in_range(day):
        raise ValueError(str(OUT_OF_RANGE))
    return day


def _check_moment(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(str(NO_ZONE))
    if not day_in_range(moment.date()):
        raise ValueError(str(OUT_OF_RANGE))
    return moment


# For API schemas: a date within range; a date and time with its zone, within range.
Day = Annotated[dt.date, AfterValidator(_check_day)]
Moment = Annotated[dt.datetime, AfterValidator(_check_moment)]


class DayField(forms.DateField):
    """A form's date, within range."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, dt.date) and not day_in_range(value):
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")


class MomentField(forms.DateTimeField):
    """A form's date and time (in the user's zone, as Django's own field), within range."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, dt.datetime) and not day_in_range(value.date()):
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
