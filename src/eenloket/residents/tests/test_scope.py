"""Every service on a resident or a consent checks the acting worker's role and municipality
itself, so no caller (page, API, task) can act across municipalities: Amersfoort's specialist is
refused on Utrecht's resident as if they did not exist, an account of Utrecht without a counter
role is refused, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from eenloket.accounts.models import User
from eenloket.common.errors import NotFound, PermissionDenied
from eenloket.organisations.models import Organisation, Role
from eenloket.organisations.tests.factories import staff
from eenloket.residents import services
from eenloket.residents.models import Consent, Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def utrecht(demo: dict[str, str]) -> dict[str, Any]:
    resident = Resident.objects.get(name="Aisha Haddou")
    consent = services.consent_record(
        user=User.objects.get(username="specialist"),
        resident=resident,
        organisation=Organisation.objects.get(code="uwv"),
        scope="Haar vraag over de WW",
        purpose="Terugbellen over de WW",
        given_how=Consent.GivenHow.VERBAL,
    )
    return {"resident": resident, "consent": consent}


CALLS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "consent_record": lambda u, c: services.consent_record(
        user=u,
        resident=c["resident"],
        organisation=Organisation.objects.get(code="svb"),
        scope="Haar AOW-vraag",
        purpose="Terugbellen over de AOW",
        given_how=Consent.GivenHow.VERBAL,
    ),
    "consent_withdraw": lambda u, c: services.consent_withdraw(user=u, consent=c["consent"]),
}


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Consent.objects.order_by("pk").values_list(
            "pk", "resident_id", "organisation_id", "withdrawn_at", "withdrawn_by_id"
        )
    )


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_worker_of_the_municipality_may(name: str, utrecht: dict[str, Any]) -> None:
    """The refusals below are about scope alone: the same call by Utrecht's worker changes data."""
    before = snapshot()
    CALLS[name](User.objects.get(username="frontoffice"), utrecht)
    assert snapshot() != before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_worker_of_another_municipality_is_refused(name: str, utrecht: dict[str, Any]) -> None:
    other = User.objects.get(username="specialist-amersfoort")
    before = snapshot()
    with pytest.raises(NotFound):
        CALLS[name](other, utrecht)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_account_of_the_municipality_without_a_counter_role_is_refused(
    name: str, utrecht: dict[str, Any]
) -> None:
    no_counter_role = staff(
        Role.KNOWLEDGE_MANAGER, organisation=Organisation.objects.get(code="gemeente-utrecht")
    )
    before = snapshot()
    with pytest.raises(PermissionDenied):
        CALLS[name](no_counter_role, utrecht)
    assert snapshot() == before
