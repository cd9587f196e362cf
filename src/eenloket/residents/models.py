from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.common.fields import FreeCharField
from eenloket.common.models import TimeStampedModel
from eenloket.organisations.models import Organisation

from . import crypto
from .bsn import mask_bsn


class Resident(TimeStampedModel):
    """A resident or entrepreneur, with as little data as the help needs (data minimisation)."""

    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        ENGLISH = "en", _("English")
        OTHER = "other", _("Other (interpreter may be needed)")

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="residents",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    name = FreeCharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # The BSN only encrypted, and a keyed hash to find it (residents.crypto); `bsn` below.
    bsn_encrypted = models.TextField(_("BSN (encrypted)"), blank=True, editable=False)
    bsn_hash = models.CharField(_("BSN lookup hash"), max_length=64, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.DUTCH
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "bsn_hash"],
                condition=~Q(bsn_hash=""),
                name="resident_bsn_once_per_municipality",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def bsn(self) -> str:
        """The BSN in plain digits, decrypted when asked for; "" when none is known."""
        return crypto.decrypt(self.bsn_encrypted)

    @bsn.setter
    def bsn(self, value: str) -> None:
        self.bsn_encrypted = crypto.encrypt(value)
        self.bsn_hash = crypto.lookup_hash(value)

    @property
    def bsn_masked(self) -> str:
        return mask_bsn(self.bsn)


class Consent(TimeStampedModel):
    """The resident's consent to share something with another organisation, for a purpose.

    Recorded before anything is shared; withdrawn consent stays on record with its end time."""

    class GivenHow(models.TextChoices):
        VERBAL = "verbal", _("Verbally, at the counter or on the phone")
        WRITTEN = "written", _("Signed form")
        DIGITAL = "digital", _("Online, by the resident")

    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="consents", verbose_name=_("resident")
    )
    help_request = models.ForeignKey(
        "contacts.HelpRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("help request"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("shared with"),
    )
    scope = FreeCharField(_("what may be shared"), max_length=300)
    purpose = FreeCharField(_("for which purpose"), max_length=300)
    given_how = models.CharField(_("given how"), max_length=20, choices=GivenHow.choices)
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.scope}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
