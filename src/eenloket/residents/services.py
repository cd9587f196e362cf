"""Writes of resident records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import DomainError
from eenloket.organisations.selectors import require_counter_staff

from .bsn import normalise_bsn, validate_bsn
from .models import Resident


def _clean_bsn(bsn: str) -> str:
    if not bsn.strip():
        return ""
    value = normalise_bsn(bsn)
    try:
        validate_bsn(value)
    except ValidationError as exc:
        raise DomainError("invalid_bsn", exc.messages[0], field="bsn") from None
    return value


@transaction.atomic
def resident_register(
    *,
    user: Any,
    name: str,
    date_of_birth: dt.date | None = None,
    bsn: str = "",
    phone: str = "",
    email: str = "",
    language: str = Resident.Language.DUTCH,
    purpose: str = "register_contact",
) -> Resident:
    """Register a resident in the viewer's municipality; a BSN is valid and unique there."""
    _membership, municipality_id = require_counter_staff(user)
    name = name.strip()
    if not name:
        raise DomainError("name_required", _("Enter the resident's name."), field="name")
    bsn = _clean_bsn(bsn)
    if bsn and Resident.objects.filter(municipality_id=municipality_id, bsn=bsn).exists():
        raise DomainError(
            "duplicate_bsn",
            _("A resident with this BSN is already registered. Search for them."),
            field="bsn",
        )
    try:
        with transaction.atomic():
            resident = Resident.objects.create(
                municipality_id=municipality_id,
                name=name,
                date_of_birth=date_of_birth,
                bsn=bsn,
                phone=phone.strip(),
                email=email.strip(),
                language=language,
                created_by=user,
            )
    except IntegrityError:
        # Two desks registering the same BSN at once: the constraint decides.
        raise DomainError(
            "duplicate_bsn",
            _("A resident with this BSN is already registered. Search for them."),
            field="bsn",
        ) from None
    access_log_record(
        user=user, resident_id=resident.pk, action=Action.CREATE, purpose=purpose, obj=resident
    )
    return resident
