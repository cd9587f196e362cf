from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.knowledge.forms import lines

from .models import FollowUpQuestion, TriageRule

ONE_PER_LINE = _("One per line.")


class RuleForm(StyledForm):
    code = forms.SlugField(label=_("Code"), max_length=80)
    label = forms.CharField(label=_("Description"), max_length=200)
    phrases = forms.CharField(
        label=_("Phrases"),
        help_text=_(
            "One per line. The rule applies when one of these occurs in the resident's words; "
            "words may stand a little apart, spelling mistakes and word forms are recognised."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    requires = forms.CharField(
        label=_("Only together with"),
        help_text=_("One per line. If filled, one of these must occur too."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    unless = forms.CharField(
        label=_("Not when"),
        help_text=_("One per line. The rule does not apply when one of these occurs."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    topics = forms.CharField(
        label=_("Topics"),
        help_text=_("Topic codes, one per line, e.g. uwv.ww"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    life_events = forms.CharField(
        label=_("Life events"),
        help_text=_("Life event codes, one per line, e.g. baan_kwijt"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    questions = forms.MultipleChoiceField(
        label=_("Follow-up questions"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = self.fields["questions"]
        assert isinstance(questions, forms.MultipleChoiceField)
        questions.choices = [(q.code, q.text) for q in FollowUpQuestion.objects.order_by("code")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("phrases", "requires", "unless", "topics", "life_events"):
            if isinstance(data.get(name), str):
                data[name] = lines(data[name])
        return data

    @classmethod
    def initial_for(cls, rule: TriageRule) -> dict[str, Any]:
        return {
            "code": rule.code,
            "label": rule.label,
            "phrases": "\n".join(rule.phrases),
            "requires": "\n".join(rule.requires),
            "unless": "\n".join(rule.unless),
            "topics": "\n".join(rule.topics),
            "life_events": "\n".join(rule.life_events),
            "questions": rule.questions,
            "is_active": rule.is_active,
        }
