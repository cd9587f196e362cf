from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.contacts.forms import CLOSING_OUTCOMES

from .models import Queue


class IssueForm(StyledForm):
    prefix = "issue"

    queue: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Queue"), queryset=Queue.objects.none()
    )
    name = forms.CharField(label=_("Name for calling (optional)"), max_length=100, required=False)
    question = forms.CharField(label=_("Question in a few words"), max_length=500, required=False)

    def __init__(self, *args: Any, queues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = queues  # type: ignore[attr-defined]


class FinishForm(StyledForm):
    prefix = "finish"

    outcome = forms.ChoiceField(label=_("Outcome"), choices=CLOSING_OUTCOMES)
    answer = forms.CharField(label=_("Answer given"), max_length=2000, required=False)
