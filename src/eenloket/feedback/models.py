"""How it went, in the resident's words: one score and comment per contact, help request or
appointment."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.common.fields import FreeTextField
from eenloket.contacts.models import Channel

# Scores of this value or higher count as satisfied (the reference counter's 99%).
SATISFIED_FROM = 4


class FeedbackInvite(models.Model):
    """The right to give feedback once about exactly one contact, help request or appointment.

    The link's token is an HMAC of a random salt under SECRET_KEY: the server can print it again
    (on a confirmation, as a QR code) while the database alone holds only its hash."""

    class Subject(models.TextChoices):
        CONTACT = "contact", _("Contact")
        HELP_REQUEST = "help_request", _("Help request")
        APPOINTMENT = "appointment", _("Appointment")

    subject = models.CharField(_("about"), max_length=20, choices=Subject.choices)
    contact = models.OneToOneField(
        "contacts.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_invite",
    )
    help_request = models.OneToOneField(
        "contacts.HelpRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_invite",
    )
    appointment = models.OneToOneField(
        "appointments.Appointment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_invite",
    )
    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "organisations.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    salt = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback invitation")
        verbose_name_plural = _("feedback invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        subject="contact",
                        contact__isnull=False,
                        help_request__isnull=True,
                        appointment__isnull=True,
                    )
                    | Q(
                        subject="help_request",
                        contact__isnull=True,
                        help_request__isnull=False,
                        appointment__isnull=True,
                    )
                    | Q(
                        subject="appointment",
                        contact__isnull=True,
                        help_request__isnull=True,
                        appointment__isnull=False,
                    )
                ),
                name="feedback_invite_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.created_at:%d-%m-%Y}"


class Feedback(models.Model):
    """One response per invitation, so one per contact, help request or appointment."""

    class Via(models.TextChoices):
        LINK = "link", _("Link or QR code")
        TABLET = "tablet", _("Tablet at the desk")

    invite = models.OneToOneField(FeedbackInvite, on_delete=models.CASCADE, related_name="response")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = FreeTextField(_("comment"), max_length=1000, blank=True)
    via = models.CharField(_("given via"), max_length=10, choices=Via.choices)
    # Copied from the invitation, so figures need no joins.
    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "organisations.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    subject = models.CharField(_("about"), max_length=20, choices=FeedbackInvite.Subject.choices)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="feedback_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score}/5 {self.created_at:%d-%m-%Y}"

    @property
    def is_satisfied(self) -> bool:
        return self.score >= SATISFIED_FROM
