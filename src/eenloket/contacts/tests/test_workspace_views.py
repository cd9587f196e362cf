"""The workspace pages: what a counter worker sees and does."""

import pytest

from eenloket.common.bsn import BSN_MARKER
from eenloket.contacts.models import Contact, HelpRequest, TimelineEvent
from eenloket.knowledge.models import Article
from eenloket.residents.models import Consent, Resident

pytestmark = pytest.mark.django_db


def test_contact_screen_finds_resident_and_article_and_records_both(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("frontoffice")
    found = client.post(
        "/workspace/contacts/new/",
        {"action": "find_resident", "resident_query": "999990019", "channel": "balie"},
    ).content.decode()
    assert "Jan de Boer" in found
    assert 'name="resident" value="' in found
    searched = client.post(
        "/workspace/contacts/new/", {"action": "find_article", "q": "paspoort kwijt"}
    ).content.decode()
    assert 'name="article"' in searched
    article = Article.objects.get(slug="paspoort-of-id-kaart-kwijt-of-gestolen")
    jan = Resident.objects.get(name="Jan de Boer")
    response = client.post(
        "/workspace/contacts/new/",
        {
            "action": "save",
            "channel": "balie",
            "question": "Paspoort kwijt",
            "answer": "Melding doen",
            "outcome": "answered",
            "resident": str(jan.pk),
            "article": str(article.pk),
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.latest("pk")
    assert contact.article == article and contact.resident == jan


def test_resident_search_is_posted_so_no_bsn_lands_in_a_url(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("frontoffice")
    assert "Jan de Boer" not in client.get("/workspace/residents/?q=999990019").content.decode()
    assert (
        "Jan de Boer" in client.post("/workspace/residents/", {"q": "999990019"}).content.decode()
    )


def test_worklist_shows_waiting_mine_and_due(client_for) -> None:  # type: ignore[no-untyped-def]
    from eenloket.accounts.models import User
    from eenloket.contacts import services

    front = User.objects.get(username="frontoffice")
    jan = Resident.objects.get(name="Jan de Boer")
    contact = services.contact_register(
        user=front, channel="balie", question="Brief van UWV", resident=jan
    )
    waiting = services.contact_hand_on(user=front, contact=contact, story="")
    body = client_for("specialist").get("/workspace/worklist/?location=all").content.decode()
    waiting_part = body[body.index('id="h-waiting"') : body.index('id="h-due"')]
    assert waiting.reference in waiting_part
    amersfoort = client_for("specialist-amersfoort").get("/workspace/worklist/?location=all")
    assert waiting.reference not in amersfoort.content.decode()


def test_specialist_accepts_a_suggestion_on_the_page(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("specialist")
    hr = HelpRequest.objects.get(resident__name="Jan de Boer")
    page = client.get(f"/workspace/help-requests/{hr.pk}/").content.decode()
    assert 'form="decide-form"' in page
    response = client.post(
        f"/workspace/help-requests/{hr.pk}/triage/",
        {"suggestion": "accepted|topic|gemeente.schuldhulp"},
    )
    assert response.status_code == 302
    assert hr.questions.filter(topic__code="gemeente.schuldhulp").exists()
    bad = client.post(f"/workspace/help-requests/{hr.pk}/triage/", {"suggestion": "yes|topic|x"})
    assert bad.status_code == 400


def test_consent_form_on_the_page(client_for) -> None:  # type: ignore[no-untyped-def]
    from eenloket.organisations.models import Organisation

    client = client_for("specialist")
    hr = HelpRequest.objects.get(resident__name="Jan de Boer")
    uwv = Organisation.objects.get(code="uwv")
    before = Consent.objects.filter(help_request=hr).count()
    response = client.post(
        f"/workspace/help-requests/{hr.pk}/consents/",
        {
            "consent-organisation": uwv.pk,
            "consent-scope": "De WW-vraag",
            "consent-purpose": "Terugbellen",
            "consent-given_how": "verbal",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/workspace/help-requests/{hr.pk}/").content.decode()
    assert "De WW-vraag" in page
    empty = client.post(
        f"/workspace/help-requests/{hr.pk}/consents/",
        {"consent-organisation": uwv.pk, "consent-scope": "", "consent-given_how": "verbal"},
    )
    assert empty.status_code == 400
    assert Consent.objects.filter(help_request=hr).count() == before + 1


def test_a_bsn_typed_into_a_staff_note_is_not_stored(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("specialist")
    hr = HelpRequest.objects.get(resident__name="Jan de Boer")
    response = client.post(
        f"/workspace/help-requests/{hr.pk}/notes/",
        {"note-text": "Gebeld met zoon, bsn 111 222 333, hij belt terug."},
        follow=True,
    )
    assert response.status_code == 200
    note = TimelineEvent.objects.filter(help_request=hr, kind="note").latest("pk")
    assert note.message == f"Gebeld met zoon, bsn {BSN_MARKER}, hij belt terug."
    page = response.content.decode()
    assert "111 222 333" not in page and BSN_MARKER in page
    assert "burgerservicenummer (BSN)" in page or "citizen service number (BSN)" in page
