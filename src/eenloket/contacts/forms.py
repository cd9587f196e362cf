from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.common.moments import MomentField
from eenloket.knowledge.models import Topic
from eenloket.organisations.models import Organisation
from eenloket.residents.models import Consent

from .models import Channel, Contact, HelpRequest, Question, SuggestionDecision

CLOSING_OUTCOMES = [
    (v, label) for v, label in Contact.Outcome.choices if v != Contact.Outcome.HANDED_ON
]


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class ContactForm(StyledForm):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.WALK_IN
    )
    question = forms.CharField(
        label=_("Question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In a few words, as the resident said it."),
    )
    topic = TopicChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    answer = forms.CharField(
        label=_("Answer given"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Still open")), *CLOSING_OUTCOMES], required=False
    )


class ContactCloseForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CLOSING_OUTCOMES)
    answer = forms.CharField(
        label=_("Answer given"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HandOnForm(StyledForm):
    story = forms.CharField(
        label=_("The situation in the resident's words"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    resident_name = forms.CharField(label=_("Resident's name"), required=False, max_length=200)
    resident_bsn = forms.CharField(label=_("BSN (optional)"), required=False, max_length=11)
    resident_phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=30)


class HelpRequestForm(StyledForm):
    story = forms.CharField(
        label=_("The situation in the resident's words"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class QuestionForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    topic = TopicChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    text = forms.CharField(label=_("Question"), required=False, max_length=2000)

    def __init__(self, *args: Any, help_request: HelpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(  # type: ignore[attr-defined]
            kind=Organisation.Kind.MUNICIPALITY
        ) | Organisation.objects.filter(pk=help_request.municipality_id)


class QuestionResolveForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(v, label) for v, label in Question.Status.choices if v != Question.Status.OPEN],
    )
    resolution = forms.CharField(label=_("Explanation"), required=False, max_length=2000)


class NoteForm(StyledForm):
    prefix = "note"

    text = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CloseForm(StyledForm):
    prefix = "close"

    note = forms.CharField(label=_("Closing note"), required=False, max_length=2000)
    open_referrals_reason = forms.CharField(
        label=_("Reason to close while a referral is open"),
        required=False,
        max_length=500,
        help_text=_("Only when a referral is still open and you close anyway."),
    )


class DecisionForm(StyledForm):
    """Accept or reject one triage suggestion: the button's value is "decision|kind|code"."""

    suggestion = forms.CharField(max_length=100)

    def clean_suggestion(self) -> dict[str, str]:
        parts = self.cleaned_data["suggestion"].split("|")
        if (
            len(parts) != 3
            or parts[0] not in SuggestionDecision.Decision.values
            or parts[1] not in SuggestionDecision.Kind.values
        ):
            raise forms.ValidationError(_("Unknown suggestion."))
        return {"decision": parts[0], "kind": parts[1], "code": parts[2]}


class AssignForm(StyledForm):
    prefix = "assign"

    colleague = forms.ModelChoiceField(label=_("Colleague"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues  # type: ignore[attr-defined]


class FollowUpForm(StyledForm):
    prefix = "follow_up"

    at = MomentField(
        label=_("Follow up on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty to clear."),
    )
    note = forms.CharField(label=_("What to follow up"), required=False, max_length=300)


class ConsentForm(StyledForm):
    prefix = "consent"

    organisation = forms.ModelChoiceField(
        label=_("Shared with"), queryset=Organisation.objects.none()
    )
    scope = forms.CharField(
        label=_("What may be shared"),
        max_length=300,
        help_text=_("For example: the question about WW and the letter of dismissal."),
    )
    purpose = forms.CharField(
        label=_("For which purpose"),
        max_length=300,
        help_text=_("For example: so that UWV can call the resident back about the WW."),
    )
    given_how = forms.ChoiceField(label=_("Given how"), choices=Consent.GivenHow.choices)

    def __init__(self, *args: Any, help_request: HelpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(  # type: ignore[attr-defined]
            kind=Organisation.Kind.MUNICIPALITY
        ).order_by("name")


class LessonForm(StyledForm):
    prefix = "lesson"

    topic = TopicChoiceField(label=_("Topic"), queryset=Topic.objects.all())
    text = forms.CharField(
        label=_("What did you learn?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: 'DUO can pause repayments by phone when …'. No names or other "
            "personal details: this goes to the knowledge managers."
        ),
    )
