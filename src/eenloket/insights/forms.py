from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.common.moments import DayField
from eenloket.contacts.models import Channel


class InsightsFilter(StyledForm):
    """The location manager's filter: free dates, a location, channel and organisation."""

    start = DayField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = DayField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    location: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Location"), queryset=None, required=False, empty_label=_("All locations")
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("All organisations")
    )

    def __init__(self, *args: Any, locations: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
WEEK = re.compile(r"[0-9]{4}-W[0-9]+", re.IGNORECASE)
FIRST_YEAR = 2000


def _month_before(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


class NationalFilter(StyledForm):
    """The coordinator's one choice: a whole calendar month that is over (`2025-03`), by
    default the last one. Never free dates, weeks or filters: two views that overlap, or a
    month and the weeks in it, could be subtracted from each other to give the few days, or the
    few people, in between."""

    period = forms.CharField(
        label=_("Month"),
        required=False,
        help_text=_("Year and month, such as 2025-03; empty for the last whole month."),
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last = _month_before(today)

    def clean_period(self) -> dt.date:
        """The first day of the month chosen."""
        text = self.cleaned_data["period"].strip()
        if not text:
            return self.last
        if WEEK.fullmatch(text):
            raise forms.ValidationError(
                _(
                    "The national view shows whole calendar months, not weeks: choose a month "
                    "such as 2025-03."
                )
            )
        match = MONTH.fullmatch(text)
        year, month = (int(match[1]), int(match[2])) if match else (0, 0)
        if year < FIRST_YEAR or not 1 <= month <= 12:
            raise forms.ValidationError(_("Choose a month as year-month, such as 2025-03."))
        first = dt.date(year, month, 1)
        if first > self.last:
            raise forms.ValidationError(
                _("Choose a month that is over; the last one is %(last)s."),
                params={"last": f"{self.last:%Y-%m}"},
            )
        return first
