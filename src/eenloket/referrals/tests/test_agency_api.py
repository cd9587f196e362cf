"""An agency's own system: bearer token per organisation, signed and idempotent deliveries."""

import json
import time

import pytest
from django.test import Client

from eenloket.organisations.models import Organisation
from eenloket.referrals.models import Referral
from eenloket.referrals.services import agency_key_create, signature_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def uwv_key(demo):  # type: ignore[no-untyped-def]
    _key, token, secret = agency_key_create(
        organisation=Organisation.objects.get(code="uwv"), name="test"
    )
    return token, secret


def post_event(
    token: str,
    secret: str,
    referral_id: int,
    payload: dict,
    *,
    age: int = 0,
    sign: str | None = None,
):  # type: ignore[no-untyped-def, type-arg]
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()) - age)
    return Client().post(
        f"/api/agency/referrals/{referral_id}/events",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_X_EENLOKET_TIMESTAMP=timestamp,
        HTTP_X_EENLOKET_SIGNATURE=sign or signature_for(secret, timestamp, body),
    )


def jan_referral() -> Referral:
    return Referral.objects.get(help_request__resident__name="Jan de Boer")


def test_agency_reads_only_its_own_referrals(uwv_key) -> None:  # type: ignore[no-untyped-def]
    token, _ = uwv_key
    listed = Client().get("/api/agency/referrals", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [r["id"] for r in listed] == [jan_referral().pk]
    assert listed[0]["consent_scope"]
    _, svb_token, _ = agency_key_create(
        organisation=Organisation.objects.get(code="svb"), name="svb"
    )
    assert (
        Client().get("/api/agency/referrals", HTTP_AUTHORIZATION=f"Bearer {svb_token}").json() == []
    )
    other = Client().get(
        f"/api/agency/referrals/{jan_referral().pk}", HTTP_AUTHORIZATION=f"Bearer {svb_token}"
    )
    assert other.status_code == 404
    assert (
        Client().get("/api/agency/referrals", HTTP_AUTHORIZATION="Bearer ag_wrong").status_code
        == 401
    )


def test_the_list_filters_on_the_english_status_values(uwv_key) -> None:  # type: ignore[no-untyped-def]
    token, _ = uwv_key

    def listed(status: str):  # type: ignore[no-untyped-def]
        return Client().get(
            "/api/agency/referrals", {"status": status}, HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    assert [r["id"] for r in listed("sent").json()] == [jan_referral().pk]
    assert listed("accepted").json() == []
    # The Dutch values used before, and drafts (an agency never sees one), are refused.
    for old in ("verstuurd", "draft"):
        response = listed(old)
        assert response.status_code == 400
        assert response.json()["code"] == "unknown_status"


def test_a_signed_delivery_takes_the_step_once(uwv_key) -> None:  # type: ignore[no-untyped-def]
    token, secret = uwv_key
    referral = jan_referral()
    payload = {"delivery_id": "uwv-1", "action": "accept", "note": ""}
    first = post_event(token, secret, referral.pk, payload)
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "accepted"
    again = post_event(token, secret, referral.pk, payload)
    assert again.status_code == 200
    assert referral.events.filter(action="accept").count() == 1


@pytest.mark.parametrize("problem", ["bad_signature", "old", "unsigned"])
def test_bad_signatures_and_replays_are_refused_and_change_nothing(uwv_key, problem: str) -> None:  # type: ignore[no-untyped-def]
    token, secret = uwv_key
    referral = jan_referral()
    payload = {"delivery_id": "uwv-2", "action": "accept"}
    if problem == "bad_signature":
        response = post_event(token, secret, referral.pk, payload, sign="sha256=00")
    elif problem == "old":
        response = post_event(token, secret, referral.pk, payload, age=3600)
    else:
        response = Client().post(
            f"/api/agency/referrals/{referral.pk}/events",
            json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    assert response.status_code == 403
    assert response.json()["code"] in ("bad_signature", "stale_delivery")
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_another_organisations_referral_id_answers_404(demo) -> None:  # type: ignore[no-untyped-def]
    _, token, secret = agency_key_create(
        organisation=Organisation.objects.get(code="svb"), name="svb"
    )
    response = post_event(
        token, secret, jan_referral().pk, {"delivery_id": "svb-1", "action": "accept"}
    )
    assert response.status_code == 404
    assert jan_referral().status == "sent"


def test_a_step_that_is_not_allowed_is_a_conflict(uwv_key) -> None:  # type: ignore[no-untyped-def]
    token, secret = uwv_key
    response = post_event(
        token, secret, jan_referral().pk, {"delivery_id": "uwv-3", "action": "resolve"}
    )
    assert response.status_code == 409


def test_an_agency_repeat_with_the_same_idempotency_key_returns_the_first_answer(uwv_key) -> None:  # type: ignore[no-untyped-def]
    from eenloket.common.models import IdempotentRequest
    from eenloket.referrals.models import ReferralEvent

    token, secret = uwv_key
    referral = jan_referral()

    def post(payload: dict, **extra: str):  # type: ignore[no-untyped-def, type-arg]
        body = json.dumps(payload).encode()
        timestamp = str(int(time.time()))
        return Client().post(
            f"/api/agency/referrals/{referral.pk}/events",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_X_EENLOKET_TIMESTAMP=timestamp,
            HTTP_X_EENLOKET_SIGNATURE=signature_for(secret, timestamp, body),
            **extra,
        )

    payload = {"delivery_id": "uwv-9", "action": "accept", "note": ""}
    first = post(payload, HTTP_IDEMPOTENCY_KEY="a-1")
    assert first.status_code == 200, first.content
    events, kept = ReferralEvent.objects.count(), IdempotentRequest.objects.count()
    again = post(payload, HTTP_IDEMPOTENCY_KEY="a-1")
    assert (again.status_code, again.json()) == (200, first.json())
    assert (ReferralEvent.objects.count(), IdempotentRequest.objects.count()) == (events, kept)

    other = post({**payload, "note": "anders"}, HTTP_IDEMPOTENCY_KEY="a-1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert (ReferralEvent.objects.count(), IdempotentRequest.objects.count()) == (events, kept)

    # Without a key, as before (the delivery id already makes this repeat harmless).
    assert post(payload).status_code == 200
    assert IdempotentRequest.objects.count() == kept
