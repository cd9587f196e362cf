from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.organisations.models import Location

from .models import OnlineRequest


class LocationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.city})"


class AskForm(StyledForm):
    location = LocationChoice(
        label=_("Which counter?"), queryset=Location.objects.filter(is_active=True)
    )
    kind = forms.ChoiceField(
        label=_("What do you want?"),
        choices=[
            (OnlineRequest.Kind.CALLBACK, _("Call me back")),
            (OnlineRequest.Kind.QUESTION, _("I have a question")),
        ],
        widget=forms.RadioSelect,
        initial=OnlineRequest.Kind.CALLBACK,
    )
    about = forms.CharField(
        label=_("What is it about?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences are enough. Do not write your citizen service number (BSN)."),
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    reach_by = forms.ChoiceField(
        label=_("How can we reach you?"),
        choices=OnlineRequest.Reach.choices,
        widget=forms.RadioSelect,
        initial=OnlineRequest.Reach.PHONE,
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    when = forms.CharField(
        label=_("When are you easy to reach?"),
        max_length=200,
        required=False,
        help_text=_("For example: weekdays after 2 pm."),
    )
    # A field people do not see; software that fills in every field gets caught by it.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )


class BookingForm(StyledForm):
    starts_at = forms.CharField(label=_("Time"), error_messages={"required": _("Choose a time.")})
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("We send the confirmation and a reminder to this address."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )
