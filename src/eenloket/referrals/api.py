"""JSON operations for an agency's own system: read the referrals addressed to it and take the
receiver's steps. Bearer token per organisation; every write signed (HMAC) and idempotent."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import HttpBearer

from eenloket.common.errors import DomainError, NotFound

from . import services
from .models import AgencyKey, Referral


class AgencyToken(HttpBearer):
    """`Authorization: Bearer ag_…`, a key made with `eenloket create_agency_key`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return services.agency_key_authenticate(token=token)


router = Router(tags=["agencies"], auth=AgencyToken())


def _key(request: HttpRequest) -> AgencyKey:
    return request.auth  # type: ignore[attr-defined]


# An agency never sees a draft.
AGENCY_STATES = [state for state in Referral.Status.values if state != Referral.Status.DRAFT]


class ReferralOut(Schema):
    id: int
    status: str = Field(..., description="One of " + ", ".join(AGENCY_STATES))
    question: str = Field(..., alias="question.text")
    resident: str = Field(..., alias="help_request.resident.name")
    situation: str
    request: str
    documents: str
    reachable: str
    consent_scope: str = Field(..., alias="consent.scope")
    consent_purpose: str = Field(..., alias="consent.purpose")
    due_at: dt.datetime
    sent_at: dt.datetime | None
    appointment_at: dt.datetime | None


class EventIn(Schema):
    delivery_id: str = Field(
        ...,
        min_length=1,
        max_length=100,
        description="Unique per delivery; a repeat changes nothing.",
    )
    action: str = Field(..., description="accept, plan, resolve, return or ask")
    note: str = Field("", max_length=2000)
    appointment_at: dt.datetime | None = None


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
    status: str = Query("", description="Only this status: " + ", ".join(AGENCY_STATES)),
) -> Any:
    if status and status not in AGENCY_STATES:
        raise DomainError("unknown_status", _("Unknown status."), field="status")
    referrals = _addressed(_key(request))
    if status:
        referrals = referrals.filter(status=status)
    return list(referrals[:200])


@router.get("/agency/referrals/{referral_id}", response=ReferralOut, summary="One referral")
def agency_referral(request: HttpRequest, referral_id: int) -> Any:
    referral = _addressed(_key(request)).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound("not_found", "Not found.")
    return referral


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
