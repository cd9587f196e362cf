"""A resident asks online; it reaches the location's worklist; a specialist handles it; the
resident's status page shows the new status. axe-core on every resident page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page: Any) -> None:
    assert axe_violations(page) == [], page.url


def test_online_question_to_worklist_to_status(
    demo_world: None, page: Any, browser: Any, live_server: Any
) -> None:
    page.goto("/")
    accessible(page)
    page.get_by_role("link", name="Zoek een loket bij u in de buurt").click()
    accessible(page)
    page.get_by_role("link", name="Servicepunt Stadskantoor Utrecht").click()
    accessible(page)
    page.get_by_role("link", name="Stel een vraag of vraag of wij u terugbellen").click()
    accessible(page)
    page.get_by_label("Wat is er aan de hand?").fill(
        "Ik ben mijn baan kwijt en weet niet wat ik moet regelen."
    )
    page.get_by_label("Uw naam").fill("Henk de Vries")
    page.get_by_label("Telefoonnummer").fill("0612345678")
    page.get_by_role("button", name="Versturen").click()
    accessible(page)
    follow_href = page.get_by_role("link", name="Mijn vraag volgen").get_attribute("href")
    assert follow_href is not None and re.match(r"^/volgen/[\w-]{40,}/$", follow_href)
    page.goto(follow_href)
    assert "Ontvangen" in page.locator("main").inner_text()
    accessible(page)

    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    staff = context.new_page()
    login(staff, "specialist")
    staff.get_by_role("link", name="Werklijst").click()
    online = staff.locator("section", has=staff.locator("#h-online"))
    assert "Henk de Vries" in online.inner_text()
    online.get_by_role("link", name=re.compile(r"^VR-")).click()
    staff.get_by_role("button", name="Doorzetten naar een specialist").click()
    assert "Hulpvraag" in staff.get_by_role("heading", level=1).inner_text()
    context.close()

    page.goto(follow_href)
    assert "In behandeling" in page.locator("main").inner_text()
