"""JSON operations for an agency's own system: read the referrals addressed to it and take the
receiver's steps. Bearer token per organisation; every write signed (HMAC) and idempotent."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.params import functions as params
from ninja.security import HttpBearer

from eenloket.audit.services import access_log_shown
from eenloket.common.errors import DomainError, NotFound
from eenloket.common.moments import Moment

from . import selectors, services
from .models import AgencyKey, Referral


class AgencyToken(HttpBearer):
    """`Authorization: Bearer ag_…`, a key made with `eenloket create_agency_key`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return services.agency_key_authenticate(token=token)


router = Router(tags=["agencies"], auth=AgencyToken())


def _key(request: HttpRequest) -> AgencyKey:
    # django-ninja sets `auth` (AgencyToken's answer) at run time; HttpRequest's stubs lack it.
    key: AgencyKey = request.auth  # type: ignore[attr-defined]
    return key


# An agency never sees a draft.
AGENCY_STATES = [state for state in Referral.Status.values if state != Referral.Status.DRAFT]


WITHHELD = "Empty once the resident withdrew their consent (`consent_withdrawn_at` is set)."


def _shared(referral: Referral, value: str) -> str:
    """The handover only while the consent is in force (ADR 0018)."""
    return value if referral.consent_in_force else ""


class ReferralOut(Schema):
    id: int
    status: str = Field(..., description="One of " + ", ".join(AGENCY_STATES))
    question: str = Field(..., description=WITHHELD)
    resident: str = Field(..., description=WITHHELD)
    situation: str = Field(..., description=WITHHELD)
    request: str = Field(..., description=WITHHELD)
    documents: str = Field(..., description=WITHHELD)
    reachable: str = Field(..., description=WITHHELD)
    consent_scope: str = Field(..., description=WITHHELD)
    consent_purpose: str = Field(..., description=WITHHELD)
    consent_withdrawn_at: dt.datetime | None = Field(
        None, description="When the resident withdrew the consent this referral rests on."
    )
    due_at: dt.datetime
    sent_at: dt.datetime | None
    appointment_at: dt.datetime | None

    @staticmethod
    def resolve_question(referral: Referral) -> str:
        return _shared(referral, referral.question.text)

    @staticmethod
    def resolve_resident(referral: Referral) -> str:
        resident = referral.help_request.resident
        return _shared(referral, resident.name if resident is not None else "")

    @staticmethod
    def resolve_situation(referral: Referral) -> str:
        return _shared(referral, referral.situation)

    @staticmethod
    def resolve_request(referral: Referral) -> str:
        return _shared(referral, referral.request)

    @staticmethod
    def resolve_documents(referral: Referral) -> str:
        return _shared(referral, referral.documents)

    @staticmethod
    def resolve_reachable(referral: Referral) -> str:
        return _shared(referral, referral.reachable)

    @staticmethod
    def resolve_consent_scope(referral: Referral) -> str:
        return _shared(referral, referral.consent.scope)

    @staticmethod
    def resolve_consent_purpose(referral: Referral) -> str:
        return _shared(referral, referral.consent.purpose)

    @staticmethod
    def resolve_consent_withdrawn_at(referral: Referral) -> dt.datetime | None:
        return referral.consent.withdrawn_at


class EventIn(Schema):
    delivery_id: str = Field(
        ...,
        min_length=1,
        max_length=100,
        description="Unique per delivery; a repeat changes nothing.",
    )
    action: str = Field(..., description="accept, plan, resolve, return or ask")
    note: str = Field("", max_length=2000)
    appointment_at: Moment | None = None


def _addressed(key: AgencyKey) -> Any:
    return (
        Referral.objects.filter(organisation=key.organisation)
        .exclude(status=Referral.Status.DRAFT)
        .select_related("question", "help_request__resident", "consent")
        .order_by("-sent_at", "-id")
    )


@router.get("/agency/referrals", response=list[ReferralOut], summary="Referrals addressed to us")
def agency_referrals(
    request: HttpRequest,
    status: str = params.Query("", description="Only this status: " + ", ".join(AGENCY_STATES)),
) -> Any:
    if status and status not in AGENCY_STATES:
        raise DomainError("unknown_status", _("Unknown status."), field="status")
    key = _key(request)
    referrals = _addressed(key)
    if status:
        referrals = referrals.filter(status=status)
    shown = list(referrals[:200])
    _log_read(key, shown)
    return shown


@router.get("/agency/referrals/{referral_id}", response=ReferralOut, summary="One referral")
def agency_referral(request: HttpRequest, referral_id: int) -> Any:
    key = _key(request)
    referral = _addressed(key).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound("not_found", "Not found.")
    _log_read(key, [referral])
    return referral


def _log_read(key: AgencyKey, referrals: list[Referral]) -> None:
    """The agency's system has no staff account: the audit record names its organisation (which
    the resident sees in an inzage). A referral whose consent was withdrawn shows nothing of the
    resident, so it writes no line."""
    access_log_shown(
        user=None,
        shown=selectors.referral_lines(r for r in referrals if r.consent_in_force),
        agent=key.organisation.name[:200],
    )


@router.post(
    "/agency/referrals/{referral_id}/events",
    response=ReferralOut,
    summary="Take a step as the receiver (signed)",
    description="Headers `X-Eenloket-Timestamp` (unix seconds) and `X-Eenloket-Signature` "
    '(`sha256=` + HMAC-SHA256 of "<timestamp>.<raw body>" with the signing secret).',
)
def agency_referral_event(request: HttpRequest, referral_id: int, event: EventIn) -> Any:
    key = _key(request)
    services.signature_check(
        key=key,
        timestamp=request.headers.get("X-Eenloket-Timestamp", ""),
        signature=request.headers.get("X-Eenloket-Signature", ""),
        body=request.body,
    )
    referral = _addressed(key).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound("not_found", "Not found.")
    services.referral_act(
        user=None,
        referral=referral,
        action=event.action,
        note=event.note,
        appointment_at=event.appointment_at,
        organisation=key.organisation,
        delivery_id=event.delivery_id,
    )
    return _addressed(key).get(pk=referral_id)
