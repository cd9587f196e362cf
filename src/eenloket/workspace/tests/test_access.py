"""Role × page: who may open which page, and which rows each role can reach.

Unknown and forbidden ids answer the same (404); pages outside a role answer 403.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from eenloket import demo_accounts
from eenloket.appointments.models import Appointment
from eenloket.contacts.models import HelpRequest
from eenloket.knowledge.models import Article
from eenloket.referrals.models import Referral
from eenloket.residents.models import Resident
from eenloket.triage.models import TriageRule

ROLES = list(demo_accounts.USERNAMES)
UTRECHT_COUNTER = {"frontoffice", "specialist", "manager"}
COUNTER = UTRECHT_COUNTER | {"specialist-amersfoort"}


def _ids() -> dict[str, int]:
    return {
        "jan": Resident.objects.get(name="Jan de Boer").pk,
        "eva": Resident.objects.get(name="Eva Kramer").pk,
        # Jan's case has UWV questions; Piet's has only an SVB question; Eva's is in Amersfoort.
        "hr_jan": HelpRequest.objects.get(resident__name="Jan de Boer").pk,
        "hr_piet": HelpRequest.objects.get(resident__name="Piet Hendriks").pk,
        "hr_eva": HelpRequest.objects.get(resident__name="Eva Kramer").pk,
        "contact_jan": HelpRequest.objects.get(resident__name="Jan de Boer").contacts.get().pk,
        "article": Article.objects.get(slug="paspoort-of-id-kaart-aanvragen").pk,
        "rule": TriageRule.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "referral_jan": Referral.objects.get(help_request__resident__name="Jan de Boer").pk,
        "appointment_jan": Appointment.objects.get(resident__name="Jan de Boer").pk,
    }


def expected_status(page: str, role: str) -> int:
    if page == "home":
        return 200
    if page == "admin":
        return 200 if role == "admin" else 302
    if page in (
        "contacts",
        "contact_new",
        "residents",
        "resident_new",
        "worklist",
        "appointments",
        "appointment_book",
        "queue",
        "queue_stats",
        "feedback_tablet",
    ):
        return 200 if role in COUNTER else 403
    if page == "insights":
        return 200 if role == "manager" else 403
    if page == "insights_national":
        return 200 if role == "coordinator" else 403
    if page == "register":
        return 200 if role == "admin" else 403
    if page == "help_requests":
        return 200 if role in COUNTER else 403
    if page.startswith("hr_"):
        if role not in COUNTER:
            return 403
        in_utrecht = page != "hr_eva"
        return 200 if in_utrecht == (role in UTRECHT_COUNTER) else 404
    if page in ("jan", "jan_inzage", "contact_jan", "feedback_card_contact", "feedback_card_hr"):
        if role not in COUNTER:
            return 403
        return 200 if role in UTRECHT_COUNTER else 404
    if page in ("knowledge", "article", "what_to_bring"):
        return 403 if role in ("coordinator", "admin") else 200
    if page in (
        "articles",
        "articles_overdue",
        "article_new",
        "article_edit",
        "rules",
        "rule",
        "lessons",
    ):
        return 200 if role == "knowledge" else 403
    if page == "triage":
        return 200 if role in COUNTER | {"knowledge"} else 403
    if page in ("referrals",):
        return 200 if role in COUNTER | {"liaison-uwv"} else 403
    if page == "appointment_jan":
        if role not in COUNTER:
            return 403
        return 200 if role in UTRECHT_COUNTER else 404
    if page == "lines":
        return 200 if role in COUNTER else 403
    if page == "referral_jan":
        if role == "liaison-uwv" or role in UTRECHT_COUNTER:
            return 200
        return 404 if role == "specialist-amersfoort" else 403
    if page == "eva":
        if role not in COUNTER:
            return 403
        return 404 if role in UTRECHT_COUNTER else 200
    raise AssertionError(page)


PAGES = {
    "home": "/workspace/",
    "contacts": "/workspace/contacts/",
    "contact_new": "/workspace/contacts/new/",
    "help_requests": "/workspace/help-requests/",
    "residents": "/workspace/residents/?q=a",
    "resident_new": "/workspace/residents/new/",
    "admin": "/admin/",
    "jan": "/workspace/residents/{jan}/",
    "eva": "/workspace/residents/{eva}/",
    "contact_jan": "/workspace/contacts/{contact_jan}/",
    "hr_jan": "/workspace/help-requests/{hr_jan}/",
    "hr_piet": "/workspace/help-requests/{hr_piet}/",
    "hr_eva": "/workspace/help-requests/{hr_eva}/",
    "knowledge": "/workspace/knowledge/?q=paspoort",
    "article": "/workspace/knowledge/articles/{article}/",
    "what_to_bring": "/workspace/knowledge/articles/{article}/what-to-bring/",
    "articles": "/workspace/knowledge/articles/",
    "articles_overdue": "/workspace/knowledge/articles/?overdue=1",
    "article_new": "/workspace/knowledge/articles/new/",
    "article_edit": "/workspace/knowledge/articles/{article}/edit/",
    "triage": "/workspace/triage/suggest/",
    "rules": "/workspace/triage/rules/",
    "rule": "/workspace/triage/rules/{rule}/",
    "worklist": "/workspace/worklist/",
    "lessons": "/workspace/knowledge/lessons/",
    "referrals": "/workspace/referrals/",
    "referral_jan": "/workspace/referrals/{referral_jan}/",
    "lines": "/workspace/lines/",
    "appointments": "/workspace/appointments/",
    "appointment_book": "/workspace/appointments/book/",
    "appointment_jan": "/workspace/appointments/{appointment_jan}/",
    "queue": "/workspace/queue/",
    "queue_stats": "/workspace/queue/statistics/",
    "feedback_tablet": "/workspace/feedback/tablet/",
    "insights": "/workspace/insights/",
    "insights_national": "/workspace/insights/national/",
    "register": "/workspace/register/",
    "jan_inzage": "/workspace/residents/{jan}/inzage/",
    "feedback_card_contact": "/workspace/feedback/card/contact/{contact_jan}/",
    "feedback_card_hr": "/workspace/feedback/card/help_request/{hr_jan}/",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_role_page_matrix(client_for, role: str, page: str) -> None:  # type: ignore[no-untyped-def]
    url = PAGES[page].format(**_ids())
    response = client_for(role).get(url)
    assert response.status_code == expected_status(page, role), url


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitors_are_sent_to_login(demo, page: str) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(PAGES[page].format(**_ids()))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_unknown_ids_answer_like_forbidden_ones(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("specialist")
    unknown_url = "/workspace/help-requests/999999/"
    forbidden_url = f"/workspace/help-requests/{_ids()['hr_eva']}/"
    unknown, forbidden = client.get(unknown_url), client.get(forbidden_url)
    assert unknown.status_code == forbidden.status_code == 404
    # Apart from the CSRF token and the page's own address, the two answers are identical.
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", unknown.content.decode().replace(unknown_url, "URL")) == strip.sub(
        "", forbidden.content.decode().replace(forbidden_url, "URL")
    )


@pytest.mark.django_db
def test_lists_only_show_rows_in_scope(client_for) -> None:  # type: ignore[no-untyped-def]
    utrecht = client_for("specialist").get("/workspace/help-requests/").content.decode()
    assert "Jan de Boer" in utrecht
    assert "Eva Kramer" not in utrecht
    # A liaison sees only sent referrals to their organisation: the demo sends one for Jan.
    liaison = client_for("liaison-uwv").get("/workspace/referrals/").content.decode()
    assert "Jan de Boer" in liaison
    assert "Piet Hendriks" not in liaison
    assert "Aisha Haddou" not in liaison
    svb = client_for("specialist").get("/workspace/referrals/").content.decode()
    assert "Jan de Boer" in svb


@pytest.mark.django_db
def test_liaison_cannot_change_a_help_request_it_can_read(client_for) -> None:  # type: ignore[no-untyped-def]
    hr = _ids()["hr_jan"]
    response = client_for("liaison-uwv").post(
        f"/workspace/help-requests/{hr}/notes/", {"note-text": "x"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_coordinator_home_shows_aggregates_only(client_for) -> None:  # type: ignore[no-untyped-def]
    body = client_for("coordinator").get("/workspace/").content.decode()
    assert "Servicepunt Stadskantoor Utrecht" in body
    for name in ("Jan de Boer", "Aisha Haddou", "Eva Kramer"):
        assert name not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action",
    ["triage/", "assign/", "follow-up/", "consents/", "consents/withdraw/", "lessons/"],
)
@pytest.mark.parametrize("role", ["liaison-uwv", "knowledge", "coordinator", "admin"])
def test_help_request_actions_are_for_counter_staff_only(
    client_for, role: str, action: str
) -> None:  # type: ignore[no-untyped-def]
    url = f"/workspace/help-requests/{_ids()['hr_jan']}/{action}"
    assert client_for(role).post(url, {}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["triage/", "assign/", "follow-up/", "consents/", "lessons/"])
def test_help_request_actions_of_another_municipality_answer_404(client_for, action: str) -> None:  # type: ignore[no-untyped-def]
    url = f"/workspace/help-requests/{_ids()['hr_eva']}/{action}"
    assert client_for("specialist").post(url, {}).status_code == 404
