"""The security headers on staff pages, resident pages and the API."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from eenloket.common.middleware import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/workspace/", "/workspace/residents/", "/api/contacts"])
def test_staff_pages_and_api(client_for, path: str) -> None:  # type: ignore[no-untyped-def]
    response = client_for("specialist").get(path)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "base-uri 'self'" in csp
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/afspraak-maken/", "/vraag/", "/afspraak/onbekend/"])
def test_resident_pages_are_never_cached(demo, client, path: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response["Cache-Control"] == "no-store"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_api_docs_serve_pinned_assets_under_the_same_policy(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    page = response.content.decode()
    assert "<script>" not in page and "<style" not in page  # no inline script or style
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), asset
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
