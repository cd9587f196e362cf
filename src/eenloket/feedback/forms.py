from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm

from .services import COMMENT_MAX

SCORES = [
    ("5", _("Very good")),
    ("4", _("Good")),
    ("3", _("Okay")),
    ("2", _("Bad")),
    ("1", _("Very bad")),
]


class FeedbackForm(StyledForm):
    score = forms.ChoiceField(
        label=_("How did we help you?"),
        choices=SCORES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a score from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Do you want to tell us more? (you may leave this empty)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write your name or citizen service number (BSN)."),
    )
