"""Writes of resident records; every service on an existing resident or consent starts with its
access_* check of the acting worker's role and municipality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.accounts.types import Actor, require_account
from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import Conflict, DomainError, NotFound
from eenloket.organisations.models import COUNTER_ROLES, Organisation
from eenloket.organisations.selectors import require_counter_staff

from . import crypto
from .bsn import normalise_bsn, validate_bsn
from .models import Consent, Resident


def _clean_bsn(bsn: str) -> str:
    if not bsn.strip():
        return ""
    value = normalise_bsn(bsn)
    try:
        validate_bsn(value)
    except ValidationError as exc:
        raise DomainError("invalid_bsn", exc.messages[0], field="bsn") from None
    return value


def access_resident(user: Actor, resident: Resident, roles: frozenset[str] = COUNTER_ROLES) -> int:
    """The acting worker's municipality, when they may act on this resident; a resident of another
    municipality answers like an unknown one (NotFound)."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if resident.municipality_id != municipality_id:
        raise NotFound("not_found", _("This resident is not known here."))
    return municipality_id


def access_consent(user: Actor, consent: Consent, roles: frozenset[str] = COUNTER_ROLES) -> int:
    """The acting worker's municipality, when they may act on this consent (of a resident of
    theirs); one of another municipality answers like an unknown one (NotFound)."""
    _membership, municipality_id = require_counter_staff(user, roles)
    if consent.resident.municipality_id != municipality_id:
        raise NotFound("not_found", _("This consent does not exist."))
    return municipality_id


@transaction.atomic
def resident_register(
    *,
    user: Actor,
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
    if (
        bsn
        and Resident.objects.filter(
            municipality_id=municipality_id, bsn_hash__in=crypto.lookup_hashes(bsn)
        ).exists()
    ):
        raise DomainError(
            "duplicate_bsn",
            _("A resident with this BSN is already registered. Search for them."),
            field="bsn",
        )
    try:
        with transaction.atomic():
            resident = Resident(
                municipality_id=municipality_id,
                name=name,
                date_of_birth=date_of_birth,
                phone=phone.strip(),
                email=email.strip(),
                language=language,
                created_by=require_account(user),
            )
            resident.bsn = bsn  # stored encrypted, with its look-up hash
            resident.save()
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


@transaction.atomic
def consent_record(
    *,
    user: Actor,
    resident: Resident,
    organisation: Organisation,
    scope: str,
    purpose: str,
    given_how: str,
    help_request: Any = None,
    given_at: dt.datetime | None = None,
) -> Consent:
    """Record the resident's consent to share something with an organisation, for a purpose,
    before anything is shared. Within a help request, call
    `contacts.services.help_request_consent_record`, which also writes the timeline."""
    access_resident(user, resident)
    if help_request is not None and help_request.resident_id != resident.pk:
        raise DomainError("wrong_help_request", _("This help request is about someone else."))
    scope, purpose = scope.strip(), purpose.strip()
    if not scope:
        raise DomainError("scope_required", _("Say what may be shared."), field="scope")
    if not purpose:
        raise DomainError("purpose_required", _("Say for which purpose."), field="purpose")
    if given_how not in Consent.GivenHow.values:
        raise DomainError(
            "invalid_given_how", _("Say how the consent was given."), field="given_how"
        )
    now = timezone.now()
    if given_at is not None and given_at > now:
        raise DomainError(
            "future_consent", _("Consent cannot be given in the future."), field="given_at"
        )
    consent = Consent.objects.create(
        resident=resident,
        help_request=help_request,
        organisation=organisation,
        scope=scope,
        purpose=purpose,
        given_how=given_how,
        given_at=given_at or now,
        recorded_by=require_account(user),
    )
    access_log_record(
        user=user,
        resident_id=resident.pk,
        action=Action.CREATE,
        purpose="record_consent",
        obj=consent,
    )
    return consent


# What must happen when a consent is withdrawn, said by the apps that shared on it (referrals
# recall what the agency has not taken on yet). They sit above residents in the layers, so they
# subscribe from their AppConfig.ready; each runs in the withdrawal's transaction.
ConsentWithdrawn = Callable[[Consent, Actor], None]
_withdrawal_subscribers: list[ConsentWithdrawn] = []


def consent_withdrawal_subscribe(subscriber: ConsentWithdrawn) -> None:
    if subscriber not in _withdrawal_subscribers:
        _withdrawal_subscribers.append(subscriber)


@transaction.atomic
def consent_withdraw(*, user: Actor, consent: Consent) -> Consent:
    """The resident withdraws consent: nothing more is shared on it from now on. Within a help
    request, call `contacts.services.help_request_consent_withdraw` (it writes the timeline)."""
    access_consent(user, consent)
    consent = (
        Consent.objects.select_for_update()
        .select_related("resident", "organisation")
        .get(pk=consent.pk)
    )
    if consent.withdrawn_at is not None:
        raise Conflict("already_withdrawn", _("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = require_account(user)
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    access_log_record(
        user=user,
        resident_id=consent.resident_id,
        action=Action.UPDATE,
        purpose="record_consent",
        obj=consent,
    )
    for subscriber in _withdrawal_subscribers:
        subscriber(consent, user)
    return consent


def data_key_rotate(*, batch: int = 500) -> int:
    """Seal every BSN again with the current data key, with its hash; returns how many moved.
    Safe to stop and run again: what is done stays done, in batches of `batch`. An operator's
    key-management task over every municipality, so it has no acting worker to scope."""
    moved = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            residents = list(
                Resident.objects.select_for_update()
                .exclude(bsn_encrypted="")
                .filter(pk__gt=last_pk)
                .order_by("pk")[:batch]
            )
            if not residents:
                return moved
            for resident in residents:
                plain = resident.bsn  # opened with whichever known key sealed it
                if crypto.sealed_with_current_key(resident.bsn_encrypted) and (
                    resident.bsn_hash == crypto.lookup_hash(plain)
                ):
                    continue
                resident.bsn = plain  # sealed and hashed with the current key
                resident.save(update_fields=["bsn_encrypted", "bsn_hash"])
                moved += 1
            last_pk = residents[-1].pk
