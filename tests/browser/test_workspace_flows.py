"""The two main flows of the counter, end to end in the browser, with axe-core on every page.

1. Front office answers a short question from the knowledge base.
2. Front office hands a walk-in on; a specialist triages it, records consent and closes it.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page: Any) -> None:
    assert axe_violations(page) == [], page.url


def test_front_office_answers_a_short_question_from_the_knowledge_base(
    demo_world: None, page: Any
) -> None:
    login(page, "frontoffice")
    accessible(page)
    page.get_by_role("link", name="Klantcontact registreren").first.click()
    accessible(page)
    page.get_by_label("Vraag", exact=True).fill("Ik ben mijn paspoort kwijt, wat nu?")
    page.get_by_label("Zoeken in de kennisbank").press_sequentially("paspoort kwijt", delay=20)
    used = page.get_by_label("Dit artikel gebruikt").first
    used.wait_for()
    page.locator(".el-results details").first.locator("summary").click()
    assert page.locator(".el-results details ul li").first.is_visible()
    used.check()
    page.get_by_label("Gegeven antwoord").fill(
        "Eerst melding doen, dan een nieuw paspoort aanvragen."
    )
    page.get_by_label("Uitkomst").select_option("answered")
    accessible(page)
    page.get_by_role("button", name="Klantcontact opslaan").click()
    assert page.get_by_role("status").filter(has_text="Klantcontact geregistreerd").is_visible()
    accessible(page)

    from eenloket.contacts.models import Contact

    contact = Contact.objects.latest("pk")
    assert contact.article is not None and "paspoort" in contact.article.slug
    assert contact.outcome == "answered" and contact.closed_at is not None


def test_walk_in_handed_on_triaged_with_consent_and_closed(
    demo_world: None, browser: Any, live_server: Any, page: Any
) -> None:
    # Front office: a walk-in with a bigger story.
    login(page, "frontoffice")
    page.get_by_role("link", name="Klantcontact registreren").first.click()
    page.get_by_label("Inwoner zoeken (naam, geboortedatum, BSN of telefoon)").press_sequentially(
        "Jan de", delay=20
    )
    page.get_by_label("Jan de Boer").check()
    page.get_by_label("Vraag", exact=True).fill(
        "Ik ben vorige week ontslagen en kan mijn huur straks niet meer betalen."
    )
    page.get_by_role("button", name="Klantcontact opslaan").click()
    accessible(page)
    page.get_by_role("button", name="Doorzetten naar een specialist").click()
    reference = page.get_by_role("heading", level=1).inner_text().split()[-1]
    accessible(page)

    # Specialist: finds the resident waiting, takes the help request.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    specialist = context.new_page()
    login(specialist, "specialist")
    specialist.get_by_role("link", name="Werklijst").click()
    accessible(specialist)
    waiting = specialist.locator("section", has=specialist.locator("#h-waiting"))
    waiting.get_by_role("link", name=reference).click()
    accessible(specialist)
    specialist.get_by_role("button", name="Deze hulpvraag oppakken").click()
    assert specialist.get_by_text("U behandelt deze hulpvraag nu.").is_visible()

    # Triage: accept unemployment benefit, reject nothing else yet.
    specialist.get_by_role("button", name="Overnemen: WW-uitkering").click()
    questions = specialist.locator("#questions-heading").locator("..")
    assert questions.get_by_text("WW-uitkering").first.is_visible()
    accessible(specialist)

    # Consent before anything is shared with UWV.
    specialist.get_by_text("Toestemming vastleggen", exact=True).first.click()
    specialist.get_by_label("Gedeeld met").select_option(label="UWV")
    specialist.get_by_label("Wat mag gedeeld worden").fill("De vraag over de WW")
    specialist.get_by_label("Met welk doel").fill("Zodat UWV meneer terugbelt over de WW")
    specialist.get_by_role("button", name="Toestemming vastleggen").click()
    assert specialist.get_by_text("Toestemming vastgelegd.").first.is_visible()
    assert specialist.get_by_role("cell", name="De vraag over de WW").is_visible()

    # Every question gets an outcome, then the help request closes.
    while specialist.get_by_role("button", name="Uitkomst vastleggen").count():
        card = specialist.locator(
            "article.el-card", has=specialist.get_by_role("button", name="Uitkomst vastleggen")
        ).first
        card.get_by_label("Uitkomst").select_option("answered")
        card.get_by_label("Toelichting").fill("Samen de aanvraag gedaan.")
        card.get_by_role("button", name="Uitkomst vastleggen").click()
    specialist.get_by_role("button", name="Hulpvraag afsluiten").click()
    assert specialist.get_by_text("Hulpvraag afgesloten.").is_visible()
    accessible(specialist)
    timeline = specialist.locator(".el-timeline").inner_text()
    assert "Doorgezet" in timeline or "contact" in timeline.lower()
    assert "Toestemming" in timeline
    context.close()

    from eenloket.contacts.models import HelpRequest

    help_request = HelpRequest.objects.get(reference=reference)
    assert help_request.status == "closed"
    assert help_request.channel == "balie"
    assert help_request.consents.count() == 1
