"""Referrals and professional-line calls in the registry of personal data. Both are part of the
help request they were made for and go with it (one period: the help request's)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from eenloket.common.personal_data import PersonalData, not_personal, register

from .models import AgencyKey, LineCall, Referral, ReferralEvent

IN_CASE = ("help_request__resident",)


def _referral(referral: Referral) -> dict[str, Any]:
    return {
        "help_request": referral.help_request.reference,
        "organisation": referral.organisation.name,
        "situation": referral.situation,
        "request": referral.request,
        "documents": referral.documents,
        "reachable": referral.reachable,
        "status": referral.get_status_display(),
        "sent": referral.sent_at.isoformat() if referral.sent_at else None,
        "resolved": referral.resolved_at.isoformat() if referral.resolved_at else None,
    }


def _event(event: ReferralEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "organisation": event.organisation.name if event.organisation_id else None,
        "action": event.action,
        "note": event.note,
    }


def _line_call(call: LineCall) -> dict[str, Any]:
    return {
        "help_request": call.help_request.reference,
        "line": call.line.name,
        "called": call.called_at.isoformat(),
        "outcome": call.get_outcome_display(),
        "agreed": call.agreed,
    }


def _with_an_agency(resident_id: int) -> str | None:
    if Referral.objects.filter(
        help_request__resident_id=resident_id,
        status__in=Referral.OPEN,
    ).exists():
        return _("An organisation is still working on a referral for this resident.")
    return None


register(
    PersonalData(
        Referral,
        about="the handover to an agency: situation, request, documents, how to reach, status",
        resident=IN_CASE,
        section="referrals",
        export=_referral,
        order_by=("created_at", "pk"),
        part_of="contacts.HelpRequest",
        via="help_request",
        busy=_with_an_agency,
    ),
    PersonalData(
        ReferralEvent,
        about="what happened to a referral, with the notes between counter and agency",
        resident=("referral__help_request__resident",),
        section="referral_events",
        export=_event,
        order_by=("at", "pk"),
        part_of="referrals.Referral",
        via="referral",
    ),
    PersonalData(
        LineCall,
        about="calls to an agency's professional line about the resident, and what was agreed",
        resident=IN_CASE,
        section="line_calls",
        export=_line_call,
        order_by=("called_at", "pk"),
        part_of="contacts.HelpRequest",
        via="help_request",
    ),
)
not_personal(AgencyKey, "an agency system's API key: whose system, not whose data")
