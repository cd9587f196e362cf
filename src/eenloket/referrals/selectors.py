"""Reads of referrals and professional lines, scoped to the viewer.

Counter staff see the referrals of their municipality's help requests; an agency liaison sees
only the referrals addressed to their organisation once sent, with the handover the consent
covers — never the rest of the help request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from eenloket.accounts.types import Actor
from eenloket.audit.services import Action, Shown, access_log_record
from eenloket.common.errors import NotFound
from eenloket.contacts.models import HelpRequest
from eenloket.organisations.models import ProfessionalLine, Role
from eenloket.organisations.selectors import counter_municipality_id, membership_of

from .models import LineCall, Referral, ReferralEvent
from .workflow import add_working_days


def referrals_for(user: Actor) -> QuerySet[Referral]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is not None:
        return Referral.objects.filter(help_request__municipality_id=municipality_id)
    membership = membership_of(user)
    if (
        membership is not None
        and membership.role == Role.AGENCY_LIAISON
        and membership.organisation_id is not None
    ):
        return Referral.objects.filter(organisation_id=membership.organisation_id).exclude(
            status=Referral.Status.DRAFT
        )
    return Referral.objects.none()


def referral_list(*, user: Actor, status: str = "") -> QuerySet[Referral]:
    qs = referrals_for(user).select_related(
        "organisation", "question", "help_request", "help_request__resident", "consent"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def referral_get(*, user: Actor, pk: int) -> Referral:
    """One referral with its history; the read of the resident's data is logged."""
    referral = (
        referral_list(user=user)
        .select_related("consent", "created_by", "help_request__location")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise NotFound("not_found", "Not found.")
    access_log_record(
        user=user,
        resident_id=referral.help_request.resident_id,
        action=Action.READ,
        purpose="warm_referral",
        obj=referral,
    )
    return referral


def referral_lines(referrals: Iterable[Referral]) -> list[Shown]:
    """The access-log lines of a page of referrals (`audit.services.access_log_shown`)."""
    return [(r.help_request.resident_id, r, "warm_referral") for r in referrals]


def line_call_lines(calls: Iterable[LineCall]) -> list[Shown]:
    """The access-log lines of a list of calls to professional lines."""
    return [(c.help_request.resident_id, c, "professional_line_call") for c in calls]


def referral_events(referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("actor", "organisation")


def referrals_for_help_request(help_request: HelpRequest) -> QuerySet[Referral]:
    return help_request.referrals.select_related("organisation", "question").order_by("created_at")


def referrals_needing_attention(*, user: Actor) -> list[Referral]:
    """Open referrals past their due date, or sent more than one working day ago and not yet
    accepted — for the specialist's and the location manager's worklist."""
    now = timezone.now()
    candidates = referral_list(user=user).filter(status__in=Referral.OPEN)
    late = list(candidates.filter(due_at__lt=now).order_by("due_at")[:100])
    seen = {r.pk for r in late}
    # One working day is at least one calendar day, so the database narrows it down first.
    unaccepted = [
        r
        for r in candidates.filter(
            status=Referral.Status.SENT, sent_at__lt=now - dt.timedelta(days=1)
        ).order_by("sent_at")[:200]
        if r.pk not in seen and add_working_days(r.sent_at, 1) < now  # type: ignore[arg-type]
    ]
    return late + unaccepted[:100]


def callbacks_open(*, user: Actor) -> QuerySet[LineCall]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return LineCall.objects.none()
    return (
        LineCall.objects.filter(
            help_request__municipality_id=municipality_id,
            outcome=LineCall.Outcome.CALLBACK,
            callback_done_at__isnull=True,
        )
        .select_related("line__organisation", "help_request__resident")
        .order_by("callback_due")
    )


def lines_directory(*, topic_codes: list[str] | None = None) -> list[ProfessionalLine]:
    """Every professional line, with the ones serving these topics first."""
    lines = ProfessionalLine.objects.select_related("organisation").prefetch_related("topics")
    if topic_codes:
        serving = ProfessionalLine.topics.through.objects.filter(
            professionalline_id=OuterRef("pk"), topic__code__in=topic_codes
        )
        lines = lines.annotate(serves=Exists(serving)).order_by("-serves", "organisation__name")
    return list(lines)


def lines_for_help_request(help_request: HelpRequest) -> list[ProfessionalLine]:
    codes = [q.topic.code for q in help_request.questions.all() if q.topic is not None]
    return [line for line in lines_directory(topic_codes=codes) if getattr(line, "serves", False)]


def line_calls_for_help_request(help_request: HelpRequest) -> QuerySet[LineCall]:
    return help_request.line_calls.select_related("line__organisation", "created_by")
