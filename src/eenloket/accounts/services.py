from __future__ import annotations

import datetime as dt
import hmac
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenloket.common.errors import DomainError, PermissionDenied

from .models import ApiToken, EnrolmentCode, User, hash_token

# Issuing and using enrolment codes: account ids and times only, never a code.
logger = logging.getLogger(__name__)

RECOVERY_CODES = 10


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for a staff account; the raw value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_token(raw), prefix=raw[3:11]
    )
    return token, raw


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user behind a token, or None; marks the token as used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class EnrolmentRefused(DomainError):
    """The enrolment code typed does not (or no longer) let this account link an app."""


def may_issue_enrolment_code(issuer: User, account: User) -> bool:
    """A superuser issues codes for anyone; an administrator who may change accounts, for anyone
    but a superuser (a code for an account is a way into it)."""
    if not issuer.is_active:
        return False
    if issuer.is_superuser:
        return True
    return issuer.has_perm("accounts.change_user") and not account.is_superuser


@transaction.atomic
def enrolment_code_issue(*, user: User, issued_by: User | None) -> tuple[EnrolmentCode, str]:
    """A one-time code with which the account links an authenticator app, valid for
    ENROLMENT_HOURS; returned once, only its hash is kept. It replaces the account's unused codes
    and removes its app and recovery codes: the next login asks for this code. `issued_by` None
    is the command line."""
    if issued_by is not None and not may_issue_enrolment_code(issued_by, user):
        raise PermissionDenied(
            "forbidden", _("You may not issue an enrolment code for this account.")
        )
    # One issue at a time per account, so two codes can never both be valid.
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    replaced = EnrolmentCode.objects.filter(
        user=user, used_at__isnull=True, ended_at__isnull=True
    ).update(ended_at=now)
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    raw = EnrolmentCode.generate()
    code = EnrolmentCode.objects.create(
        user=user,
        code_hash=EnrolmentCode.hash(raw),
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + dt.timedelta(hours=settings.ENROLMENT_HOURS),
    )
    issuer = f"account {issued_by.pk}" if issued_by is not None else "the command line"
    transaction.on_commit(
        lambda: logger.info(
            "enrolment code %s issued for account %s by %s, valid until %s; "
            "%s older code(s) replaced, %s device(s) removed",
            code.pk,
            user.pk,
            issuer,
            code.expires_at.isoformat(timespec="minutes"),
            replaced,
            removed,
        )
    )
    return code, raw


def enrolment_code_accept(*, user: User, typed: str) -> EnrolmentCode:
    """The account's valid enrolment code, when `typed` is it; the way to the app's set-up. Any
    other code is refused and counts as a wrong try against the valid code, which ends after
    MAX_FAILURES of them (an administrator issues a new one)."""
    now = timezone.now()
    typed_hash = EnrolmentCode.hash(typed)
    # Not atomic as a whole: a wrong try is committed before the refusal is raised.
    with transaction.atomic():
        codes = EnrolmentCode.objects.select_for_update().filter(user=user)
        valid = codes.filter(used_at__isnull=True, ended_at__isnull=True, expires_at__gt=now)
        live = valid.first()
        if live is not None and hmac.compare_digest(live.code_hash, typed_hash):
            accepted = live
            # A fresh key for this set-up: one made before (and maybe seen) is no longer of use.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            transaction.on_commit(
                lambda: logger.info(
                    "enrolment code %s accepted for account %s", accepted.pk, user.pk
                )
            )
            return accepted
        refused = _refusal(codes.filter(code_hash=typed_hash).first(), now)
        if live is not None:
            live.failures += 1
            if live.failures >= EnrolmentCode.MAX_FAILURES:
                live.ended_at = now
                refused = _too_many()
            live.save(update_fields=["failures", "ended_at"])
    logger.warning(
        "enrolment code refused for account %s (%s)%s",
        user.pk,
        refused.code,
        f"; code {live.pk} has {live.failures} wrong tries" if live is not None else "",
    )
    raise refused


def _too_many() -> EnrolmentRefused:
    return EnrolmentRefused(
        "too_many_tries",
        _(
            "Too many wrong codes were typed, so this enrolment code no longer works. "
            "Ask your administrator for a new one."
        ),
    )


def _refusal(code: EnrolmentCode | None, now: dt.datetime) -> EnrolmentRefused:
    if code is None:
        return EnrolmentRefused(
            "wrong_code",
            _("This code is not right. Check it, or ask your administrator for a new one."),
        )
    if code.used_at is not None:
        return EnrolmentRefused(
            "used",
            _("This enrolment code has been used already. Ask your administrator for a new one."),
        )
    if code.ended_at is not None and code.failures >= EnrolmentCode.MAX_FAILURES:
        return _too_many()
    if code.ended_at is not None:
        return EnrolmentRefused(
            "replaced",
            _(
                "A newer enrolment code was issued for your account: type that one, or ask your "
                "administrator for a new one."
            ),
        )
    return EnrolmentRefused(
        "expired",
        _("This enrolment code has expired. Ask your administrator for a new one."),
    )


@transaction.atomic
def authenticator_confirm(*, user: User, enrolment_id: int, device: TOTPDevice) -> list[str]:
    """Link the app whose code was just given: the enrolment code is spent, the app replaces any
    other device of the account, and ten new recovery codes are returned, once."""
    now = timezone.now()
    code = EnrolmentCode.objects.select_for_update().filter(pk=enrolment_id, user=user).first()
    if code is None or not code.usable_at(now):
        raise _refusal(code, now)
    code.used_at = now
    code.save(update_fields=["used_at"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    transaction.on_commit(
        lambda: logger.info(
            "authenticator app linked for account %s; enrolment code %s spent", user.pk, code.pk
        )
    )
    return codes
