from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.knowledge.models import Topic
from eenloket.organisations.models import Organisation

from .models import Channel, Contact, HelpRequest, Question

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
    text = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CloseForm(StyledForm):
    note = forms.CharField(label=_("Closing note"), required=False, max_length=2000)
