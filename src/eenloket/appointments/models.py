"""Bookable services per location, their hours, and appointments."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from eenloket.common.fields import FreeCharField
from eenloket.common.models import TimeStampedModel
from eenloket.organisations.models import Weekday


class BookableService(models.Model):
    """How a location's service can be booked: duration, parallel desks, horizon, notice.

    Agencies' own spreekuren at a location are bookable services with their own hours."""

    service = models.OneToOneField(
        "organisations.LocationService", on_delete=models.CASCADE, related_name="booking"
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    capacity = models.PositiveSmallIntegerField(
        _("desks per time slot"), default=1, help_text=_("How many residents at the same time.")
    )
    horizon_days = models.PositiveSmallIntegerField(_("bookable this many days ahead"), default=60)
    min_notice_hours = models.PositiveSmallIntegerField(_("minimum notice (hours)"), default=2)
    topics = models.ManyToManyField(
        "knowledge.Topic", blank=True, related_name="+", verbose_name=_("topics")
    )
    is_active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("bookable service")
        verbose_name_plural = _("bookable services")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5), name="booking_min_5_minutes"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="booking_capacity_positive"),
        ]

    def __str__(self) -> str:
        return str(self.service)


class ServiceHours(models.Model):
    """When a service can be booked; without these, the location's opening hours apply."""

    booking = models.ForeignKey(BookableService, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="service_hours_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Appointment(TimeStampedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Did not come")
        DONE = "done", _("Done")

    booking = models.ForeignKey(
        BookableService, on_delete=models.PROTECT, related_name="appointments"
    )
    location = models.ForeignKey(
        "organisations.Location", on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.BOOKED
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    help_request = models.ForeignKey(
        "contacts.HelpRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    name = FreeCharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    what_to_bring = models.JSONField(_("what to bring"), default=list, blank=True)
    note = FreeCharField(_("note"), max_length=500, blank=True)
    # Only the hash of the reschedule/cancel link is kept; the link is shown once.
    token_hash = models.CharField(max_length=64, unique=True)
    token_expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Online bookings only: a keyed hash of the sender's address for rate limiting, never the
    # address itself.
    sender_hash = models.CharField(max_length=64, blank=True, db_index=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["booking", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="appointment_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.booking} {self.starts_at:%d-%m-%Y %H:%M}"

    @staticmethod
    def new_token() -> str:
        """At least 128 bits of randomness (here 256)."""
        return secrets.token_urlsafe(32)
