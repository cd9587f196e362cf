"""Single sign-on: the redirect to the provider (with PKCE and state), claims mapped to existing
staff accounts only, and the provider's second factor counted. No provider runs here, so the
token exchange itself is mozilla-django-oidc's own, tested there."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client, RequestFactory

from eenloket.accounts.oidc import StaffOIDCBackend, second_factor_given
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff

pytestmark = pytest.mark.django_db


def test_login_page_offers_single_sign_on_and_redirects_to_the_provider() -> None:
    client = Client()
    assert "organisatie-account" in client.get("/login/").content.decode()
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    target = urlparse(response["Location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == "https://idp.example/authorize"
    assert query["client_id"] == ["eenloket-test"]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"]


def test_only_existing_active_staff_match_by_email() -> None:
    worker = staff(Role.SPECIALIST, email="S.deVries@Utrecht.example")
    staff(Role.SPECIALIST, email="oud@utrecht.example", is_active=False)
    backend = StaffOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": "s.devries@utrecht.example"})) == [worker]
    assert not backend.filter_users_by_claims({"email": "oud@utrecht.example"}).exists()
    assert not backend.filter_users_by_claims({"email": "nieuw@utrecht.example"}).exists()
    assert not backend.filter_users_by_claims({}).exists()
    assert backend.verify_claims({"email": "a@b.example"})
    assert not backend.verify_claims({"email": "a@b.example", "email_verified": False})


def test_the_providers_second_factor_counts(settings) -> None:  # type: ignore[no-untyped-def]
    assert second_factor_given({"amr": ["pwd", "otp"]})
    assert not second_factor_given({"amr": ["pwd"]})
    assert not second_factor_given({})
    settings.OIDC_TRUST_MFA = True
    assert second_factor_given({})


def test_a_session_from_sso_with_a_second_factor_skips_our_code_page() -> None:
    worker = staff(Role.SPECIALIST)
    client = Client()
    client.force_login(worker)
    assert client.get("/workspace/").status_code == 302  # our own second step
    session = client.session
    session["el_sso_mfa"] = True
    session.save()
    assert client.get("/workspace/").status_code == 200


def test_the_backend_marks_the_session(monkeypatch: pytest.MonkeyPatch) -> None:
    worker = staff(Role.SPECIALIST, email="w@utrecht.example")
    backend = StaffOIDCBackend()
    request = RequestFactory().get("/oidc/callback/")
    request.session = {}  # type: ignore[assignment]
    backend.request = request
    # The user-info call goes to the provider; here its answer is what the provider would say.
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: {"email": "w@utrecht.example"})
    assert backend.get_or_create_user("access", "id", {"amr": ["pwd", "mfa"]}) == worker
    assert request.session == {"el_sso_mfa": True}
