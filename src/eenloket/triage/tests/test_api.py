import pytest
from django.test import Client

from eenloket.accounts.models import User
from eenloket.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def bearer(username: str) -> dict[str, str]:
    _, raw = api_token_create(user=User.objects.get(username=username), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_triage_over_the_api(demo) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(
        "/api/triage",
        {"text": "ik ben ontslagen", "answers": {}},
        content_type="application/json",
        **bearer("specialist"),
    )
    assert response.status_code == 200
    data = response.json()
    assert "uwv.ww" in data["topics"]
    assert data["explanations"][0]["because"]


def test_triage_refuses_empty_text_and_other_roles(demo) -> None:  # type: ignore[no-untyped-def]
    empty = Client().post(
        "/api/triage", {"text": ""}, content_type="application/json", **bearer("specialist")
    )
    assert empty.status_code == 422
    coordinator = Client().post(
        "/api/triage",
        {"text": "ontslagen"},
        content_type="application/json",
        **bearer("coordinator"),
    )
    assert coordinator.status_code == 403


def test_search_over_the_api(demo) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/api/knowledge/search", {"q": "flitspaal"}, **bearer("frontoffice"))
    assert response.status_code == 200
    first = response.json()[0]
    assert "cjib.verkeersboete" in first["topics"]
    assert first["what_to_bring"]
    article = Client().get(f"/api/knowledge/articles/{first['id']}", **bearer("frontoffice"))
    assert article.status_code == 200 and article.json()["slug"] == first["slug"]
    assert (
        Client().get("/api/knowledge/articles/999999", **bearer("frontoffice")).status_code == 404
    )
