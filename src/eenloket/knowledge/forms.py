from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.common.forms import StyledForm
from eenloket.common.moments import DayField

from .models import ORGANISATION_CHOICES, Audience, LifeEvent, Topic


def lines(value: str) -> list[str]:
    """A textarea with one item per line, as a list."""
    return [line.strip() for line in value.splitlines() if line.strip()]


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search the knowledge base"), max_length=500, required=False)
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        choices=[("", _("All organisations")), *ORGANISATION_CHOICES],
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    audience = forms.ChoiceField(
        label=_("For"), required=False, choices=[("", _("Everyone")), *Audience.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = [("", _("All topics"))] + [
            (t.code, f"{t.name} ({t.code})") for t in Topic.objects.order_by("code")
        ]
        q = self.fields["q"].widget
        q.input_type = "search"
        q.attrs.update({"autocomplete": "off", "autofocus": True})


class ArticleForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    organisation_code = forms.ChoiceField(
        label=_("Responsible organisation"), choices=ORGANISATION_CHOICES
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("code"),
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    life_events = forms.ModelMultipleChoiceField(
        label=_("Life events"),
        queryset=LifeEvent.objects.order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    body = forms.CharField(
        label=_("Text for residents (B1)"), widget=forms.Textarea(attrs={"rows": 12})
    )
    internal = forms.CharField(
        label=_("Internal notes for staff"),
        help_text=_("What to ask on the professional line, pitfalls. Never shown to residents."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    what_to_bring = forms.CharField(
        label=_("What to bring"),
        help_text=_("One item per line."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    costs = forms.CharField(
        label=_("Costs"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    keywords = forms.CharField(
        label=_("Words people use"),
        help_text=_(
            "Other words and abbreviations residents use, one per line. Search finds them."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    review_by = DayField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("What did you change?"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_what_to_bring(self) -> list[str]:
        return lines(self.cleaned_data["what_to_bring"])

    def clean_keywords(self) -> list[str]:
        return lines(self.cleaned_data["keywords"])

    @classmethod
    def initial_for(cls, article: Any) -> dict[str, Any]:
        return {
            "title": article.title,
            "organisation_code": article.organisation_code,
            "topics": [t.code for t in article.topics.all()],
            "life_events": [e.code for e in article.life_events.all()],
            "summary": article.summary,
            "body": article.body,
            "internal": article.internal,
            "what_to_bring": "\n".join(article.what_to_bring),
            "costs": article.costs,
            "keywords": "\n".join(article.keywords),
            "audience": article.audience,
            "review_by": article.review_by,
        }


class ReviewForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
