from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.knowledge.forms import lines


class BookingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.service.location.name}: {obj.service.name}"


class ServiceForm(StyledForm):
    booking = BookingChoice(label=_("Service"), queryset=None)

    def __init__(self, *args: Any, bookings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["booking"].queryset = bookings  # type: ignore[attr-defined]


class BookForm(StyledForm):
    starts_at = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail (for the confirmation)"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    what_to_bring = forms.CharField(
        label=_("What to bring"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line; change it for this resident if needed."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_what_to_bring(self) -> list[str]:
        return lines(self.cleaned_data["what_to_bring"])
