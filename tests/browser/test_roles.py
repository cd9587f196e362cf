"""Every demo role logs in, sees its own home page, and axe-core finds nothing serious."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ENROLMENT_CODES, axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_HEADINGS = {
    "frontoffice": "Welkom",
    "specialist": "Welkom",
    "manager": "Welkom",
    "liaison-uwv": "UWV",
    "knowledge": "Kennisbank",
    "coordinator": "Landelijk overzicht",
    "admin": "Beheer",
}


@pytest.mark.parametrize("username", list(HOME_HEADINGS))
def test_each_role_logs_in_to_an_accessible_home_page(
    demo_world: None, page: Any, username: str
) -> None:
    login(page, username)
    heading = page.get_by_role("heading", level=1)
    assert HOME_HEADINGS[username] in heading.inner_text()
    assert axe_violations(page) == []


def test_login_page_is_accessible_and_refuses_a_wrong_password(demo_world: None, page: Any) -> None:
    page.goto("/login/")
    assert axe_violations(page) == []
    page.get_by_label("Gebruikersnaam").fill("specialist")
    page.get_by_label("Wachtwoord").fill("wrong")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("alert").is_visible()
    assert "/login/" in page.url


def test_a_new_account_sets_up_its_second_factor_accessibly(demo_world: None, page: Any) -> None:
    from eenloket.accounts.services import enrolment_code_issue
    from eenloket.organisations.models import Role
    from eenloket.organisations.tests.factories import staff

    worker = staff(Role.SPECIALIST, username="n.nieuw")
    ENROLMENT_CODES["n.nieuw"] = enrolment_code_issue(user=worker, issued_by=None)[1]
    seen: list[str] = []

    def accessible(step: Any) -> None:
        seen.append(step.get_by_role("heading", level=1).inner_text())
        assert axe_violations(step) == []

    login(page, "n.nieuw", check=accessible)
    assert seen == [
        "Uw authenticator-app koppelen",
        "De tweede stap van inloggen instellen",
        "Uw herstelcodes",
    ]
    page.get_by_role("button", name="Uitloggen").click()
    login(page, "n.nieuw", check=accessible)  # the second time: only the code
    assert seen[-1] == "Tweede stap van inloggen"
