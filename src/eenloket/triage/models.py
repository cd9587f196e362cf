from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TriageRule(models.Model):
    """When one of the phrases occurs (and a required context, and none of the exceptions),
    suggest these topics and life events and ask these follow-up questions."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    label = models.CharField(_("description"), max_length=200)
    phrases = models.JSONField(_("phrases"), default=list)
    requires = models.JSONField(_("only together with"), default=list, blank=True)
    unless = models.JSONField(_("not when"), default=list, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    life_events = models.JSONField(_("life events"), default=list, blank=True)
    questions = models.JSONField(_("follow-up questions"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("triage rule")
        verbose_name_plural = _("triage rules")

    def __str__(self) -> str:
        return self.label

    def as_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "phrases": self.phrases,
            "requires": self.requires,
            "unless": self.unless,
            "topics": self.topics,
            "life_events": self.life_events,
            "questions": self.questions,
        }


class FollowUpQuestion(models.Model):
    """A question the specialist asks next; a 'yes' can add topics."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    text = models.CharField(_("question (Dutch)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    yes_topics = models.JSONField(_("topics when yes"), default=list, blank=True)
    yes_life_events = models.JSONField(_("life events when yes"), default=list, blank=True)
    no_topics = models.JSONField(_("topics when no"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("follow-up question")
        verbose_name_plural = _("follow-up questions")

    def __str__(self) -> str:
        return self.text

    def as_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "text": self.text,
            "text_en": self.text_en,
            "yes_topics": self.yes_topics,
            "yes_life_events": self.yes_life_events,
            "no_topics": self.no_topics,
        }
