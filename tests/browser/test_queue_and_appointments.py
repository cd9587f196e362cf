"""Walk-in queue and appointments in the browser, with axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page: Any) -> None:
    assert axe_violations(page) == [], page.url


def test_issue_call_transfer_finish(demo_world: None, page: Any) -> None:
    from eenloket.queue.models import Ticket

    login(page, "frontoffice")
    page.get_by_role("link", name="Wachtrij").first.click()
    accessible(page)
    page.get_by_label("Balie", exact=True).select_option(label="Balie 1")
    page.get_by_role("button", name="Deze balie gebruiken").click()
    page.get_by_label("Wachtrij", exact=True).select_option(label="Balie (A)")
    page.get_by_label("Vraag in een paar woorden").fill("Schulden en een brief van het CJIB")
    page.get_by_role("button", name="Nummer uitgeven").click()
    ticket = Ticket.objects.latest("pk")
    assert page.get_by_text(ticket.code).first.is_visible()
    # Call this one specifically, then send it to the specialist with its question.
    page.get_by_role("button", name=f"Oproepen {ticket.code}").click()
    assert page.get_by_text(f"Aan uw balie: {ticket.code}").is_visible()
    accessible(page)
    page.get_by_label("Doorzetten naar").select_option(label="Specialist")
    page.get_by_role("button", name="Doorzetten", exact=True).click()
    ticket.refresh_from_db()
    assert ticket.queue.kind == "specialist" and ticket.question.startswith("Schulden")
    # The waiting-room screen shows numbers only.
    page.goto("/scherm/utrecht-stadskantoor/")
    accessible(page)
    # The specialist desk calls and finishes it.
    page.goto("/workspace/queue/")
    page.get_by_label("Balie", exact=True).select_option(label="Spreekkamer 1")
    page.get_by_role("button", name="Deze balie gebruiken").click()
    page.get_by_role("button", name=f"Oproepen {ticket.code}").click()
    page.get_by_label("Uitkomst").select_option("answered")
    page.get_by_role("button", name="Afronden").click()
    ticket.refresh_from_db()
    assert ticket.status == "done" and ticket.contact is not None
    assert ticket.contact.question.startswith("Schulden")
    accessible(page)


def test_book_for_a_resident_and_print_the_confirmation(demo_world: None, page: Any) -> None:
    from eenloket.contacts.models import HelpRequest

    help_request = HelpRequest.objects.get(resident__name="Jan de Boer")
    login(page, "specialist")
    page.goto(f"/workspace/help-requests/{help_request.pk}/")
    page.get_by_role("link", name="Afspraak maken").click()
    accessible(page)
    page.get_by_label("Dienst").select_option(
        label="Servicepunt Stadskantoor Utrecht: Spreekuur UWV"
    )
    page.get_by_role("button", name="Vrije tijden tonen").click()
    page.locator("input[name=starts_at]").first.check()
    accessible(page)
    page.get_by_role("button", name="Afspraak vastleggen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Uw afspraak"
    assert "Wat neemt u mee" in page.locator("main").inner_text()
    accessible(page)
