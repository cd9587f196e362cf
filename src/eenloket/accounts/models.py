from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff account. Roles and scope live on organisations.StaffMembership."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "el_" + secrets.token_urlsafe(32)


# Crockford's base32: no I, L, O or U, so a code read out or written down cannot be mistyped.
ENROLMENT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ENROLMENT_LENGTH = 20  # 100 random bits, typed in groups of four


class EnrolmentCode(models.Model):
    """A one-time code an administrator gives a staff member to link their authenticator app.

    Only its hash is stored; the code is shown once. It works until `expires_at`, once: it is spent
    when the app is confirmed (`used_at`). A newer code for the same account, or too many wrong
    codes typed, ends it (`ended_at`). The rows stay as the record of who issued which code when."""

    MAX_FAILURES = 5

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    # None: issued on the command line (`eenloket enrolment_code`), e.g. for the first account.
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    failures = models.PositiveSmallIntegerField(_("wrong codes typed"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")

    def __str__(self) -> str:
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"

    def usable_at(self, now: dt.datetime) -> bool:
        return self.used_at is None and self.ended_at is None and now < self.expires_at

    @staticmethod
    def generate() -> str:
        raw = "".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(ENROLMENT_LENGTH))
        return "-".join(raw[i : i + 4] for i in range(0, ENROLMENT_LENGTH, 4))

    @staticmethod
    def normalise(typed: str) -> str:
        """What was typed, as it was generated: case, spaces and dashes do not matter, and the
        letters people confuse with digits count as those digits."""
        text = "".join(typed.split()).replace("-", "").upper()
        return text.translate(str.maketrans("OIL", "011"))

    @staticmethod
    def hash(typed: str) -> str:
        return hash_token(EnrolmentCode.normalise(typed))
