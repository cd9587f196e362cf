"""What a resident sends online without logging in, and the link to follow it."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.common.fields import FreeCharField
from eenloket.contacts.models import REFERENCE_ALPHABET


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_reference() -> str:
    return "VR-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class OnlineRequest(models.Model):
    """A question or callback request from the website; it becomes an online contact."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        CALLBACK = "callback", _("Callback request")

    class Reach(models.TextChoices):
        PHONE = "phone", _("By phone")
        EMAIL = "email", _("By e-mail")

    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.PROTECT, related_name="online_request"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=11, unique=True, default=new_reference)
    name = FreeCharField(_("name"), max_length=200)
    reach_by = models.CharField(_("reach by"), max_length=10, choices=Reach.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    when = FreeCharField(_("when to reach"), max_length=200, blank=True)
    due_at = models.DateTimeField(_("answer before"), db_index=True)
    # The follow link carries 256 random bits; only its hash is stored.
    token_hash = models.CharField(max_length=64, unique=True)
    token_expires_at = models.DateTimeField()
    # For rate limiting only: a keyed hash of the sender's address, never the address itself.
    sender_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("online request")
        verbose_name_plural = _("online requests")

    def __str__(self) -> str:
        return self.reference
