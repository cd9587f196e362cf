"""Withdrawn consent stops sharing (ADR 0018): at every step that shares — send, re-send, answer,
the agency accepting, planning or asking, through the page and the API — and in what the agency
reads. Withdrawal recalls what the agency has not taken on; an agency that accepted is told and
sees no handover any more."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.common.errors import Conflict
from eenloket.contacts import services as contact_services
from eenloket.organisations.models import Organisation
from eenloket.referrals import services
from eenloket.referrals.models import Referral, ReferralEvent
from eenloket.referrals.tests.test_agency_api import post_event
from eenloket.residents.models import Consent

pytestmark = pytest.mark.django_db


def jan() -> Referral:
    return Referral.objects.select_related("consent", "help_request").get(
        help_request__resident__name="Jan de Boer"
    )


@pytest.fixture
def specialist(demo: dict[str, str]) -> User:
    return User.objects.get(username="specialist")


@pytest.fixture
def uwv_key(demo: dict[str, str]) -> tuple[str, str]:
    _key, token, secret = services.agency_key_create(
        organisation=Organisation.objects.get(code="uwv"), name="test"
    )
    return token, secret


def withdraw(specialist: User, referral: Referral) -> None:
    contact_services.help_request_consent_withdraw(
        user=specialist, help_request=referral.help_request, consent=referral.consent
    )


def withdrawn_quietly(referral: Referral) -> None:
    """The consent out of force without the recall: the guards alone must hold."""
    Consent.objects.filter(pk=referral.consent_id).update(withdrawn_at=timezone.now())


@pytest.mark.parametrize("state", [Referral.Status.DRAFT, Referral.Status.RETURNED])
def test_nothing_is_sent_on_a_withdrawn_consent(specialist: User, state: str) -> None:
    referral = jan()
    Referral.objects.filter(pk=referral.pk).update(status=state)
    withdrawn_quietly(referral)
    with pytest.raises(Conflict) as refused:
        services.referral_act(user=specialist, referral=referral, action="send")
    assert refused.value.code == "consent_withdrawn"
    assert jan().status == state


def test_withdrawal_recalls_a_sent_referral_and_the_agency_sees_no_handover(
    specialist: User, uwv_key: tuple[str, str], client_for: Any
) -> None:
    token, secret = uwv_key
    referral = jan()
    assert referral.status == Referral.Status.SENT and referral.situation
    withdraw(specialist, referral)
    recalled = jan()
    assert recalled.status == Referral.Status.WITHDRAWN
    event = ReferralEvent.objects.filter(referral=recalled).latest("at")
    assert (event.action, event.to_status) == ("withdraw", Referral.Status.WITHDRAWN)
    assert "toestemming" in recalled.help_request.timeline.last().message.lower() or (
        "consent" in recalled.help_request.timeline.last().message.lower()
    )
    read = (
        Client()
        .get(f"/api/agency/referrals/{recalled.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
        .json()
    )
    assert read["status"] == "withdrawn" and read["consent_withdrawn_at"]
    for field in ("resident", "question", "situation", "request", "reachable", "consent_scope"):
        assert read[field] == "", field
    page = client_for("liaison-uwv").get(f"/workspace/referrals/{recalled.pk}/")
    assert page.status_code == 200
    assert recalled.situation not in page.content.decode()
    assert (
        "Jan de Boer" not in client_for("liaison-uwv").get("/workspace/referrals/").content.decode()
    )
    accepted = post_event(token, secret, recalled.pk, {"delivery_id": "d1", "action": "accept"})
    assert accepted.status_code == 409 and jan().status == Referral.Status.WITHDRAWN


def test_an_accepted_referral_is_told_and_shares_nothing_more(
    specialist: User, uwv_key: tuple[str, str]
) -> None:
    token, secret = uwv_key
    referral = jan()
    assert (
        post_event(token, secret, referral.pk, {"delivery_id": "a", "action": "accept"}).status_code
        == 200
    )
    withdraw(specialist, referral)
    told = jan()
    assert told.status == Referral.Status.ACCEPTED
    assert ReferralEvent.objects.filter(referral=told, action="consent_withdrawn").exists()
    asked = post_event(token, secret, told.pk, {"delivery_id": "b", "action": "ask", "note": "?"})
    assert asked.status_code == 409
    with pytest.raises(Conflict) as refused:
        services.referral_act(user=specialist, referral=told, action="answer", note="Meer info")
    assert refused.value.code == "consent_withdrawn"
    read = Client().get(f"/api/agency/referrals/{told.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert read.json()["situation"] == ""
    # The agency can still finish its own work and tell us.
    resolved = post_event(token, secret, told.pk, {"delivery_id": "c", "action": "resolve"})
    assert resolved.status_code == 200 and jan().status == Referral.Status.RESOLVED


def test_the_guard_holds_without_the_recall(specialist: User, uwv_key: tuple[str, str]) -> None:
    token, secret = uwv_key
    referral = jan()
    withdrawn_quietly(referral)
    assert (
        post_event(token, secret, referral.pk, {"delivery_id": "x", "action": "accept"}).status_code
        == 409
    )
    plan = {"delivery_id": "y", "action": "plan", "appointment_at": "2030-01-07T10:00:00+01:00"}
    assert post_event(token, secret, referral.pk, plan).status_code == 409
    assert jan().status == Referral.Status.SENT
