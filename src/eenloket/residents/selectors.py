"""Reads of resident records, always scoped to the viewer's municipality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from eenloket.accounts.types import Actor
from eenloket.audit.services import Action, access_log_record, access_log_shown
from eenloket.common.errors import NotFound
from eenloket.organisations.selectors import counter_municipality_id

from . import crypto
from .bsn import normalise_bsn
from .models import Consent, Resident


def residents_for(user: Actor) -> QuerySet[Resident]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Resident.objects.none()
    return Resident.objects.filter(municipality_id=municipality_id)


def resident_get(*, user: Actor, pk: int, purpose: str) -> Resident:
    """One resident the viewer may see; the read is logged. Unknown and forbidden look the same."""
    resident = residents_for(user).filter(pk=pk).first()
    if resident is None:
        raise NotFound("not_found", "Not found.")
    access_log_record(
        user=user, resident_id=resident.pk, action=Action.READ, purpose=purpose, obj=resident
    )
    return resident


def residents_search(*, user: Actor, query: str, limit: int = 20) -> list[Resident]:
    """Find by name, date of birth, BSN (exact) or phone; every resident found is logged (one
    insert for the list)."""
    query = query.strip()
    qs = residents_for(user)
    if not query:
        return []
    digits = normalise_bsn(query) if query.replace(" ", "").replace(".", "").isdigit() else ""
    condition = Q(name__icontains=query) | Q(phone__icontains=query)
    if len(digits) == 9:
        condition |= Q(bsn_hash__in=crypto.lookup_hashes(digits))
    born = _date_of_birth(query)
    if born is not None:
        condition |= Q(date_of_birth=born)
    found = list(qs.filter(condition).order_by("name", "pk")[:limit])
    access_log_shown(
        user=user,
        shown=[(resident.pk, resident, "register_contact") for resident in found],
        action=Action.SEARCH,
    )
    return found


def _date_of_birth(query: str) -> dt.date | None:
    """A date as counter staff type it: 12-03-1961, 12/3/1961 or 1961-03-12."""
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(query, pattern).date()
        except ValueError:
            continue
    return None


def consents_for_help_request(*, user: Actor, help_request: Any) -> QuerySet[Consent]:
    """The consents recorded for this resident (active and withdrawn), newest first."""
    if counter_municipality_id(user) != help_request.municipality_id:
        return Consent.objects.none()
    return Consent.objects.filter(resident_id=help_request.resident_id).select_related(
        "organisation", "recorded_by", "help_request"
    )
