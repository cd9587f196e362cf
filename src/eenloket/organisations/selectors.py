"""Reads of organisations, locations and the viewer's own scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from eenloket.common.errors import PermissionDenied

from .models import COUNTER_ROLES, Location, StaffMembership

if TYPE_CHECKING:
    # accounts is organisations' sibling in the layers: a type, never a runtime import.
    from eenloket.accounts.types import Actor


def membership_of(user: Actor | None) -> StaffMembership | None:
    """The viewer's role and scope; None for anonymous users and accounts without a role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        membership: StaffMembership = user.membership
    except StaffMembership.DoesNotExist:
        return None
    return membership


def role_of(user: Actor | None) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def require_role(user: Actor | None, roles: frozenset[str] | set[str]) -> StaffMembership:
    membership = membership_of(user)
    if membership is None or membership.role not in roles:
        raise PermissionDenied("forbidden", "You may not do this in your role.")
    return membership


def require_counter_staff(
    user: Actor | None, roles: frozenset[str] = COUNTER_ROLES
) -> tuple[StaffMembership, int]:
    """The membership and municipality of a counter worker allowed to act; else PermissionDenied."""
    membership = require_role(user, roles)
    if membership.organisation_id is None:
        raise PermissionDenied("forbidden", "You may not do this in your role.")
    return membership, membership.organisation_id


def counter_municipality_id(user: Actor | None) -> int | None:
    """The municipality whose residents and cases the viewer works with, if a counter role."""
    membership = membership_of(user)
    if membership is None or membership.role not in COUNTER_ROLES:
        return None
    return membership.organisation_id


def locations_for(user: Actor | None) -> QuerySet[Location]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Location.objects.none()
    return Location.objects.filter(municipality_id=municipality_id, is_active=True)
