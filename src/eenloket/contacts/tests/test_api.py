import json
from pathlib import Path

import pytest
from django.test import Client

from eenloket.accounts.models import User
from eenloket.accounts.services import api_token_create
from eenloket.contacts.models import Contact, HelpRequest
from eenloket.residents.models import Resident
from eenloket.workspace.management.commands.export_openapi import openapi_document

REPO = Path(__file__).resolve().parents[4]


def bearer(username: str) -> dict[str, str]:
    _, raw = api_token_create(user=User.objects.get(username=username), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _names(items: list[dict]) -> set[str]:  # type: ignore[type-arg]
    return {Resident.objects.get(pk=i["resident_id"]).name for i in items}


def test_committed_openapi_document_matches_the_code() -> None:
    committed = (REPO / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert committed == openapi_document(), "run: eenloket export_openapi -o docs/openapi.json"


@pytest.mark.django_db
def test_api_needs_authentication(demo) -> None:  # type: ignore[no-untyped-def]
    assert Client().get("/api/help-requests").status_code == 401
    assert (
        Client().get("/api/help-requests", HTTP_AUTHORIZATION="Bearer el_wrong").status_code == 401
    )


@pytest.mark.django_db
def test_token_sees_the_same_scope_as_the_pages(demo) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    # A liaison sees referrals addressed to their organisation, never help requests; roles
    # without a counter get 403, as on the staff pages.
    assert client.get("/api/help-requests", **bearer("liaison-uwv")).status_code == 403
    utrecht = client.get("/api/help-requests", **bearer("specialist")).json()
    assert "Eva Kramer" not in _names(utrecht["items"])
    assert client.get("/api/contacts", **bearer("coordinator")).status_code == 403


@pytest.mark.django_db
def test_unknown_and_forbidden_ids_answer_404(demo) -> None:  # type: ignore[no-untyped-def]
    eva = HelpRequest.objects.get(resident__name="Eva Kramer").pk
    headers = bearer("specialist")
    assert Client().get(f"/api/help-requests/{eva}", **headers).status_code == 404
    assert Client().get("/api/help-requests/999999", **headers).status_code == 404


@pytest.mark.django_db
def test_create_contact_and_help_request(demo) -> None:  # type: ignore[no-untyped-def]
    headers = bearer("specialist")
    jan = Resident.objects.get(name="Jan de Boer").pk
    payload = {
        "channel": "telefoon",
        "question": "Vraag over WW",
        "topic": "uwv.ww",
        "resident_id": jan,
    }
    response = Client().post(
        "/api/contacts", json.dumps(payload), content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    assert response.json()["topic"] == "uwv.ww"
    payload = {"resident_id": jan, "story": "Nieuwe situatie"}
    response = Client().post(
        "/api/help-requests", json.dumps(payload), content_type="application/json", **headers
    )
    assert response.status_code == 201
    assert response.json()["status"] == "new"


@pytest.mark.django_db
def test_bad_input_gets_a_clear_error_and_changes_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    headers = bearer("frontoffice")
    before = Contact.objects.count()
    payload = {"channel": "telefoon", "question": "x", "topic": "nope"}
    response = Client().post(
        "/api/contacts", json.dumps(payload), content_type="application/json", **headers
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "unknown_topic",
        "message": "Unknown topic code.",
        "field": "topic",
    }
    payload = {"channel": "postduif", "question": "x"}
    response = Client().post(
        "/api/contacts", json.dumps(payload), content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_session_writes_need_csrf(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("specialist")
    client.handler.enforce_csrf_checks = True
    payload = json.dumps({"channel": "telefoon", "question": "x"})
    response = client.post("/api/contacts", payload, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Contact.objects.filter(question="x").exists()


@pytest.mark.django_db
def test_a_repeat_with_the_same_idempotency_key_returns_the_first_answer(demo) -> None:  # type: ignore[no-untyped-def]
    from eenloket.common.models import IdempotentRequest

    headers = bearer("frontoffice")
    payload = json.dumps({"channel": "telefoon", "question": "Vraag over WW", "topic": "uwv.ww"})

    def post(body: str, **extra: str):  # type: ignore[no-untyped-def]
        return Client().post(
            "/api/contacts", body, content_type="application/json", **headers, **extra
        )

    first = post(payload, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    contacts, kept = Contact.objects.count(), IdempotentRequest.objects.count()
    again = post(payload, HTTP_IDEMPOTENCY_KEY="k-1")
    assert (again.status_code, again.json()) == (201, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert (Contact.objects.count(), IdempotentRequest.objects.count()) == (contacts, kept)

    other = post(payload.replace("WW", "AOW"), HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert (Contact.objects.count(), IdempotentRequest.objects.count()) == (contacts, kept)

    assert post(payload).status_code == 201  # without a key, as before: a second contact
    assert Contact.objects.count() == contacts + 1
    assert IdempotentRequest.objects.count() == kept


@pytest.mark.django_db
def test_a_refused_request_keeps_no_idempotency_key(demo) -> None:  # type: ignore[no-untyped-def]
    from eenloket.common.models import IdempotentRequest

    headers = bearer("frontoffice")
    payload = json.dumps({"channel": "telefoon", "question": "x", "topic": "nope"})
    response = Client().post(
        "/api/contacts",
        payload,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-2",
        **headers,
    )
    assert response.status_code == 400
    assert not IdempotentRequest.objects.exists()


def test_every_post_documents_the_idempotency_key() -> None:
    document = json.loads(openapi_document())
    posts = [ops["post"] for ops in document["paths"].values() if "post" in ops]
    assert posts
    for operation in posts:
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "Idempotency-Key" in names, operation["operationId"]
