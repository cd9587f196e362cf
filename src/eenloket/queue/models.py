"""The walk-in queue: queues per location, desks, and tickets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.common.fields import FreeCharField


class Queue(models.Model):
    class Kind(models.TextChoices):
        FRONT_OFFICE = "front_office", _("Front office")
        SPECIALIST = "specialist", _("Specialist")
        CHECK_IN = "check_in", _("Appointment check-in")

    location = models.ForeignKey(
        "organisations.Location", on_delete=models.CASCADE, related_name="queues"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("letter"), max_length=2)

    class Meta:
        ordering = ["location", "prefix"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        constraints = [
            models.UniqueConstraint(fields=["location", "kind"], name="one_queue_per_kind"),
            models.UniqueConstraint(fields=["location", "prefix"], name="queue_prefix_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class Desk(models.Model):
    location = models.ForeignKey(
        "organisations.Location", on_delete=models.CASCADE, related_name="desks"
    )
    name = models.CharField(_("name"), max_length=50)
    queues = models.ManyToManyField(Queue, related_name="desks", verbose_name=_("serves"))

    class Meta:
        ordering = ["location", "name"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="desk_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        DONE = "done", _("Helped")
        NO_SHOW = "no_show", _("Did not come")

    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    name = FreeCharField(_("name for calling"), max_length=100, blank=True)
    question = FreeCharField(_("question"), max_length=500, blank=True)
    appointment = models.ForeignKey(
        "appointments.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    # When the resident started waiting in the current queue (a transfer keeps the place).
    waiting_since = models.DateTimeField(_("waiting since"))
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    transfers = models.PositiveSmallIntegerField(_("transfers"), default=0)

    class Meta:
        ordering = ["waiting_since", "id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "day", "number"], name="ticket_number_per_day"
            ),
            models.CheckConstraint(
                condition=Q(status="waiting") | Q(called_at__isnull=False) | Q(status="no_show"),
                name="ticket_called_has_time",
            ),
        ]
        indexes = [models.Index(fields=["queue", "status", "waiting_since"])]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.queue.prefix}{self.number:03d}"
