"""Invitations to give feedback and the one response each may get."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.common.errors import Conflict, DomainError
from eenloket.contacts.models import Channel

from .models import Feedback, FeedbackInvite

# How long after the contact, help request or appointment the link keeps working.
INVITE_VALID = dt.timedelta(days=30)
COMMENT_MAX = 1000


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invite_token(invite: FeedbackInvite) -> str:
    """The link's secret: 256 bits, reproducible by the server only (it needs SECRET_KEY)."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"feedback:{invite.salt}".encode(), hashlib.sha256
    ).hexdigest()


def invite_url(invite: FeedbackInvite, *, absolute: bool = False) -> str:
    path = reverse("feedback:give", args=[invite_token(invite)])
    return f"{settings.SITE_URL}{path}" if absolute else path


def _subject_of(
    contact: Any, help_request: Any, appointment: Any
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Which subject, the lookup for its invitation, and the fields copied onto it."""
    if contact is not None:
        return (
            FeedbackInvite.Subject.CONTACT,
            {"contact": contact},
            {
                "municipality_id": contact.municipality_id,
                "location_id": contact.location_id,
                "channel": contact.channel,
                "expires_at": contact.created_at + INVITE_VALID,
            },
        )
    if help_request is not None:
        return (
            FeedbackInvite.Subject.HELP_REQUEST,
            {"help_request": help_request},
            {
                "municipality_id": help_request.municipality_id,
                "location_id": help_request.location_id,
                "channel": help_request.channel or Channel.WALK_IN,
                "expires_at": (help_request.closed_at or timezone.now()) + INVITE_VALID,
            },
        )
    if appointment is not None:
        return (
            FeedbackInvite.Subject.APPOINTMENT,
            {"appointment": appointment},
            {
                "municipality_id": appointment.location.municipality_id,
                "location_id": appointment.location_id,
                "channel": Channel.WALK_IN,
                "expires_at": appointment.ends_at + INVITE_VALID,
            },
        )
    raise ValueError("an invitation needs a contact, help request or appointment")


def invite_for(
    *, contact: Any = None, help_request: Any = None, appointment: Any = None
) -> FeedbackInvite:
    """The one invitation for this contact, help request or appointment (made on first use)."""
    subject, lookup, fields = _subject_of(contact, help_request, appointment)
    existing = FeedbackInvite.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    salt = secrets.token_hex(32)
    invite = FeedbackInvite(subject=subject, salt=salt, **lookup, **fields)
    invite.token_hash = _hash(invite_token(invite))
    try:
        with transaction.atomic():
            invite.save()
    except IntegrityError:
        # Made at the same moment by another request: use that one.
        return FeedbackInvite.objects.get(**lookup)
    return invite


def invite_by_token(raw: str) -> FeedbackInvite | None:
    """The invitation behind a link if it is valid; unknown and expired links answer the same."""
    if len(raw) != 64:
        return None
    return (
        FeedbackInvite.objects.select_related("location", "response")
        .filter(token_hash=_hash(raw), expires_at__gt=timezone.now())
        .first()
    )


class AlreadyGiven(Conflict):
    pass


def feedback_give(*, invite: FeedbackInvite, score: Any, comment: str = "", via: str) -> Feedback:
    """Store the one response to an invitation. A second response is refused."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError("score_required", _("Choose a score from 1 to 5."), field="score")
    if via not in Feedback.Via.values:
        raise DomainError("invalid_via", _("Unknown way of giving feedback."))
    # A BSN in it is masked by the model field (common.fields).
    comment = comment.strip()[:COMMENT_MAX]
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                invite=invite,
                score=score,
                comment=comment,
                via=via,
                municipality_id=invite.municipality_id,
                location_id=invite.location_id,
                channel=invite.channel,
                subject=invite.subject,
            )
    except IntegrityError:
        raise AlreadyGiven(
            "already_given", _("You have already told us how it went. Thank you!")
        ) from None
