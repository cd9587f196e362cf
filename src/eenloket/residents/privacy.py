"""The residents' records and their consents in the registry of personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from eenloket.common.personal_data import PersonalData, cutoff, register

from .models import Consent, Resident


def _resident(resident: Resident) -> dict[str, Any]:
    return {
        "name": resident.name,
        "date_of_birth": resident.date_of_birth.isoformat() if resident.date_of_birth else None,
        "bsn": resident.bsn_masked,
        "phone": resident.phone,
        "email": resident.email,
        "language": resident.language,
        "registered": resident.created_at.isoformat(),
    }


def _consent(consent: Consent) -> dict[str, Any]:
    return {
        "organisation": consent.organisation.name,
        "scope": consent.scope,
        "purpose": consent.purpose,
        "given": consent.given_at.isoformat(),
        "withdrawn": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
    }


def _loose_consents(now: dt.datetime) -> QuerySet[Consent]:
    """Consents outside a help request; those inside one go with it."""
    return Consent.objects.filter(
        help_request__isnull=True, given_at__lt=cutoff("help_requests", now)
    )


register(
    PersonalData(
        Resident,
        about="name, date of birth, BSN (encrypted), phone, e-mail, language",
        resident=("pk",),
        section="resident",
        export=_resident,
        retention="contacts",
        subject=True,
    ),
    PersonalData(
        Consent,
        about="which organisation may receive what, for what purpose, given and withdrawn when",
        resident=("resident",),
        section="consents",
        export=_consent,
        order_by=("given_at", "pk"),
        retention="help_requests",
        expired=_loose_consents,
        part_of="contacts.HelpRequest",
        via="help_request",
    ),
)
