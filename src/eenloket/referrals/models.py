"""Warm referrals to agencies and partners, their history, and calls over professional lines."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.common.fields import FreeCharField, FreeTextField
from eenloket.common.models import AppendOnlyModel, TimeStampedModel


class ReferralQuerySet(models.QuerySet["Referral"]):
    def not_done(self) -> ReferralQuerySet:
        """Referrals still in play: with the organisation or waiting on the counter."""
        return self.exclude(status__in=Referral.DONE)


class Referral(TimeStampedModel):
    """A structured handover of one question to an organisation, followed until it confirms."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        APPOINTMENT = "appointment_planned", _("Appointment planned")
        RESOLVED = "resolved", _("Resolved")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The three groups of states; every state is in exactly one. Callers use these rather than
    # listing states themselves.
    OPEN: ClassVar[frozenset[str]] = frozenset({Status.SENT, Status.ACCEPTED, Status.APPOINTMENT})
    """With the organisation, which is working on it: it can be late and gets reminders."""
    WITH_COUNTER: ClassVar[frozenset[str]] = frozenset({Status.DRAFT, Status.RETURNED})
    """Waiting on our side: the specialist sends it (again) or withdraws it."""
    DONE: ClassVar[frozenset[str]] = frozenset({Status.RESOLVED, Status.WITHDRAWN})
    """Finished: no step changes its status any more."""

    help_request = models.ForeignKey(
        "contacts.HelpRequest", on_delete=models.PROTECT, related_name="referrals"
    )
    question = models.ForeignKey(
        "contacts.Question", on_delete=models.PROTECT, related_name="referrals"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to"),
    )
    consent = models.ForeignKey(
        "residents.Consent",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    situation = FreeTextField(_("the situation in a few lines"))
    request = FreeTextField(_("what we ask of you"))
    documents = FreeTextField(_("documents"), blank=True)
    reachable = FreeCharField(_("how and when the resident can be reached"), max_length=300)
    due_at = models.DateTimeField(_("respond before"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("appointment at"), null=True, blank=True)
    return_count = models.PositiveIntegerField(_("times returned"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed with the resident"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder sent"), null=True, blank=True)
    confirmation = FreeCharField(_("what the resident said"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["organisation", "status", "-created_at"]),
            models.Index(fields=["status", "due_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(sent_at__isnull=False),
                name="referral_sent_has_sent_at",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_status_display()}"

    @property
    def consent_in_force(self) -> bool:
        """Shared only while the consent it rests on is in force (AVG art. 7(3), ADR 0018): after
        withdrawal the agency sees no handover and nothing more is shared."""
        return self.consent.withdrawn_at is None

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_with_counter(self) -> bool:
        return self.status in self.WITH_COUNTER

    @property
    def is_done(self) -> bool:
        return self.status in self.DONE

    @property
    def awaits_confirmation(self) -> bool:
        """Resolved by the organisation; the specialist has yet to check with the resident."""
        return self.status == self.Status.RESOLVED and self.confirmed_at is None


class ReferralEvent(AppendOnlyModel):
    """One step in a referral's life: appended, never edited."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30)
    # Empty for the step that created the referral.
    from_status = models.CharField(
        _("from"), max_length=20, choices=Referral.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Referral.Status.choices)
    note = FreeTextField(_("note"), blank=True)
    # Set when the step came from an agency's own system, to make redelivery harmless.
    delivery_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "delivery_id"],
                condition=~Q(delivery_id=""),
                name="referral_event_delivery_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class LineCall(models.Model):
    """A call over an agency's professional line, logged from a help request."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        CALLBACK = "callback", _("Callback promised")
        REFERRED = "referred", _("Referred on")
        NO_ANSWER = "no_answer", _("No answer")

    help_request = models.ForeignKey(
        "contacts.HelpRequest", on_delete=models.PROTECT, related_name="line_calls"
    )
    question = models.ForeignKey(
        "contacts.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    line = models.ForeignKey(
        "organisations.ProfessionalLine",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("professional line"),
    )
    called_at = models.DateTimeField(_("called at"))
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    agreed = FreeTextField(_("what was agreed"), blank=True)
    callback_due = models.DateTimeField(_("callback due"), null=True, blank=True)
    callback_done_at = models.DateTimeField(_("callback received"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-called_at", "-id"]
        verbose_name = _("professional line call")
        verbose_name_plural = _("professional line calls")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="callback") | Q(callback_due__isnull=False),
                name="line_call_callback_has_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.called_at:%d-%m-%Y %H:%M}"


class AgencyKey(models.Model):
    """An organisation's key for its own system: a bearer token (stored hashed) that says who
    calls, and a signing secret that proves each delivery is theirs and recent."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="agency_keys"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    signing_secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agency key")
        verbose_name_plural = _("agency keys")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name} ({self.prefix}…)"
