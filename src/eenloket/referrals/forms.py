from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.common.moments import MomentField
from eenloket.contacts.models import Question
from eenloket.organisations.models import Organisation, ProfessionalLine
from eenloket.residents.models import Consent

from .models import LineCall

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"]


class ConsentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.name}: {obj.scope} ({obj.given_at:%d-%m-%Y})"


class QuestionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.name}: {obj.text}"


class ReferralForm(StyledForm):
    question = QuestionChoice(label=_("Question to refer"), queryset=Question.objects.none())
    consent = ConsentChoice(
        label=_("Consent for this sharing"),
        queryset=Consent.objects.none(),
        required=False,
        help_text=_("No consent, no referral: record it on the help request first."),
    )
    situation = forms.CharField(
        label=_("The situation in a few lines"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    request = forms.CharField(
        label=_("What do you ask of them?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    documents = forms.CharField(
        label=_("Documents"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the resident has or will bring."),
    )
    reachable = forms.CharField(
        label=_("How and when can the resident be reached?"), max_length=300
    )
    due_at = MomentField(
        label=_("Respond before"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Leave empty for the organisation's usual time."),
    )

    def __init__(self, *args: Any, help_request: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = (  # type: ignore[attr-defined]
            help_request.questions.exclude(organisation__kind=Organisation.Kind.MUNICIPALITY)
            .exclude(status__in=[Question.Status.ANSWERED, Question.Status.DROPPED])
            .select_related("organisation")
        )
        self.fields["consent"].queryset = Consent.objects.filter(  # type: ignore[attr-defined]
            resident_id=help_request.resident_id, withdrawn_at__isnull=True
        ).select_related("organisation")


class ActionForm(StyledForm):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Message or reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    appointment_at = MomentField(
        label=_("Appointment on"), required=False, widget=DATETIME, input_formats=DATETIME_FORMATS
    )


class ConfirmForm(StyledForm):
    confirmation = forms.CharField(
        label=_("What did the resident say?"),
        max_length=500,
        help_text=_("Call or visit the resident: were they helped?"),
    )


class LineCallForm(StyledForm):
    prefix = "call"

    line = forms.ModelChoiceField(
        label=_("Professional line"), queryset=ProfessionalLine.objects.none()
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=LineCall.Outcome.choices)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=600, initial=5)
    agreed = forms.CharField(
        label=_("What was agreed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    callback_due = MomentField(
        label=_("Callback expected by"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
    )

    def __init__(self, *args: Any, lines: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = ProfessionalLine.objects.select_related(  # type: ignore[attr-defined]
            "organisation"
        )
