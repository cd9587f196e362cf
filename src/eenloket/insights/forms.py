from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.contacts.models import Channel


class InsightsFilter(StyledForm):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
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
