"""Reads of resident records, always scoped to the viewer's municipality."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import NotFound
from eenloket.organisations.selectors import counter_municipality_id

from .bsn import normalise_bsn
from .models import Resident


def residents_for(user: Any) -> QuerySet[Resident]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Resident.objects.none()
    return Resident.objects.filter(municipality_id=municipality_id)


def resident_get(*, user: Any, pk: int, purpose: str) -> Resident:
    """One resident the viewer may see; the read is logged. Unknown and forbidden look the same."""
    resident = residents_for(user).filter(pk=pk).first()
    if resident is None:
        raise NotFound("not_found", "Not found.")
    access_log_record(
        user=user, resident_id=resident.pk, action=Action.READ, purpose=purpose, obj=resident
    )
    return resident


def residents_search(*, user: Any, query: str, limit: int = 20) -> QuerySet[Resident]:
    """Find by name, BSN (exact) or phone; a search is not logged until a record is opened."""
    query = query.strip()
    qs = residents_for(user)
    if not query:
        return qs.none()
    digits = normalise_bsn(query) if query.replace(" ", "").replace(".", "").isdigit() else ""
    condition = Q(name__icontains=query) | Q(phone__icontains=query)
    if len(digits) == 9:
        condition |= Q(bsn=digits)
    return qs.filter(condition)[:limit]
