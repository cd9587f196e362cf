"""Feedback in the registry of personal data: an invitation is linked to a contact, help request
or appointment, and the answer to its invitation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from eenloket.common.personal_data import PersonalData, cutoff, register

from .models import Feedback, FeedbackInvite

THROUGH_INVITE = (
    "contact__resident",
    "help_request__resident",
    "appointment__resident",
)


def _feedback(feedback: Feedback) -> dict[str, Any]:
    return {
        "given": feedback.created_at.isoformat(),
        "about": feedback.get_subject_display(),
        "score": feedback.score,
        "comment": feedback.comment,
    }


def _old_invites(now: dt.datetime) -> QuerySet[FeedbackInvite]:
    return FeedbackInvite.objects.filter(created_at__lt=cutoff("feedback", now))


def _old_feedback(now: dt.datetime) -> QuerySet[Feedback]:
    return Feedback.objects.filter(created_at__lt=cutoff("feedback", now))


register(
    PersonalData(
        FeedbackInvite,
        about="an invitation to give feedback, linked to the contact, help request or appointment",
        resident=THROUGH_INVITE,
        retention="feedback",
        expired=_old_invites,
    ),
    PersonalData(
        Feedback,
        about="a score and a comment on the help received",
        resident=tuple(f"invite__{path}" for path in THROUGH_INVITE),
        section="feedback",
        export=_feedback,
        order_by=("created_at", "pk"),
        retention="feedback",
        expired=_old_feedback,
        part_of="feedback.FeedbackInvite",
        via="invite",
    ),
)
