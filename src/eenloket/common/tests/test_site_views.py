"""The refused-form page and the icon."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_refused_form_gets_our_page_in_dutch_without_inline_style() -> None:
    response = Client(enforce_csrf_checks=True).post("/vraag/", {"question": "Hoe laat?"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Pagina verlopen" in page
    assert "<style" not in page  # Django's own page has inline CSS, which our CSP refuses
    assert "Content-Security-Policy" in response.headers


def test_favicon_ico_points_at_our_icon() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
