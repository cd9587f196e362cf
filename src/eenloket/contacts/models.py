"""Contact moments on every channel, help requests with their questions, and the timeline.

Maps to the VNG Klantinteracties model: Contact ~ klantcontact, Resident ~ betrokkene/partij,
Question ~ onderwerpobject, HelpRequest.assigned_to ~ interne taak.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.common.fields import FreeCharField, FreeTextField
from eenloket.common.models import AppendOnlyModel, TimeStampedModel
from eenloket.knowledge.models import Topic
from eenloket.organisations.models import Location, Organisation
from eenloket.residents.models import Resident

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    return "HV-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class Channel(models.TextChoices):
    WALK_IN = "balie", _("Counter (walk-in)")
    PHONE = "telefoon", _("Phone")
    ONLINE = "online", _("Online")
    EMAIL = "email", _("E-mail")
    LETTER = "brief", _("Letter")
    HOME_VISIT = "huisbezoek", _("Home visit")


class Contact(TimeStampedModel):
    """One interaction with a resident (or an anonymous asker) on one channel."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        WEBSITE = "website", _("Referred to a website")
        APPOINTMENT = "appointment", _("Appointment made")
        HANDED_ON = "handed_on", _("Handed to a specialist")
        OTHER_ORGANISATION = "other_organisation", _("Sent to another organisation")
        NOT_ANSWERED = "not_answered", _("Could not be answered")

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("municipality"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("location"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("resident"),
    )
    question = FreeTextField(_("question"))
    answer = FreeTextField(_("answer given"), blank=True)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    article = models.ForeignKey(
        "knowledge.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("knowledge article used"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    help_request = models.ForeignKey(
        "HelpRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the resident sent it online."),
        verbose_name=_("registered by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", closed_at__isnull=True)
                | (~Q(outcome="") & Q(closed_at__isnull=False)),
                name="contact_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="handed_on") | Q(help_request__isnull=False),
                name="contact_handed_on_has_help_request",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "-created_at"]),
            # The pillar-to-post signal: a resident's contacts per topic in time order.
            models.Index(
                fields=["municipality", "resident", "topic", "created_at"],
                condition=Q(resident__isnull=False, topic__isnull=False),
                name="contact_resident_topic_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.created_at:%d-%m-%Y %H:%M}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class HelpRequest(TimeStampedModel):
    """A resident's situation (hulpvraag): possibly several questions for several organisations."""

    class Status(models.TextChoices):
        NEW = "new", _("Waiting")
        IN_PROGRESS = "in_progress", _("In progress")
        PARKED = "parked", _("Parked")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference"), max_length=11, unique=True, default=new_reference)
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("municipality"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("location"),
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="help_requests", verbose_name=_("resident")
    )
    story = FreeTextField(_("the situation in the resident's words"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialist"),
    )
    life_events = models.ManyToManyField("knowledge.LifeEvent", blank=True, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    park_reason = FreeCharField(_("reason for parking"), max_length=300, blank=True)
    channel = models.CharField(_("came in by"), max_length=20, choices=Channel.choices, blank=True)
    follow_up_at = models.DateTimeField(_("follow up on"), null=True, blank=True)
    follow_up_note = FreeCharField(_("what to follow up"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="help_request_closed_at_matches_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_progress") | Q(assigned_to__isnull=False),
                name="help_request_in_progress_is_assigned",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "-created_at"]),
            models.Index(fields=["location", "status", "created_at"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["municipality", "follow_up_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def can_close(self) -> bool:
        """Every question has an outcome: we let go only when we know."""
        return not any(q.status == Question.Status.OPEN for q in self.questions.all())


class Question(TimeStampedModel):
    """One question inside a help request, about one organisation and (usually) one topic."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        REFERRED = "referred", _("Referred")
        DROPPED = "dropped", _("Dropped")

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="questions"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("organisation"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    text = FreeTextField(_("question"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    resolution = FreeTextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(resolution=""),
                name="question_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class TimelineEvent(AppendOnlyModel):
    """An append-only line in a help request's history: who did what, when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Opened")
        CONTACT = "contact", _("Contact")
        QUESTION_ADDED = "question_added", _("Question added")
        QUESTION_RESOLVED = "question_resolved", _("Question resolved")
        NOTE = "note", _("Note")
        ASSIGNED = "assigned", _("Assigned")
        STATUS = "status", _("Status changed")
        TRIAGE = "triage", _("Triage")
        CONSENT = "consent", _("Consent")
        FOLLOW_UP = "follow_up", _("Follow-up")
        LESSON = "lesson", _("Lesson learned")
        REFERRAL = "referral", _("Referral")
        APPOINTMENT = "appointment", _("Appointment")

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    message = FreeTextField(_("message"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.at:%d-%m-%Y %H:%M} {self.get_kind_display()}"


class SuggestionDecision(models.Model):
    """What the specialist did with one triage suggestion: accepted or rejected, by whom, why."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        LIFE_EVENT = "life_event", _("Life event")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=60)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    because = FreeCharField(_("suggested because of"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("suggestion decision")
        verbose_name_plural = _("suggestion decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["help_request", "kind", "code"], name="one_decision_per_suggestion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.decision}"
