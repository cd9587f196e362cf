"""Search as you type with what to bring one click away; triage suggestions while typing."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_office_finds_an_article_while_typing(demo_world: None, page: Any) -> None:
    login(page, "frontoffice")
    page.get_by_role("link", name="Kennisbank").click()
    page.get_by_label("Zoeken in de kennisbank").press_sequentially("paspoort kwijt", delay=30)
    first = page.locator(".el-results > li").first
    first.wait_for()
    assert "Paspoort" in first.inner_text()
    # What to bring: one click.
    first.get_by_text("Wat neemt u mee").click()
    assert first.locator("details ul li").first.is_visible()
    assert axe_violations(page) == []


def test_specialist_sees_suggestions_while_typing_the_situation(
    demo_world: None, page: Any
) -> None:
    from eenloket.residents.models import Resident

    resident = Resident.objects.get(name="Jan de Boer")
    login(page, "specialist")
    page.goto(f"/workspace/help-requests/new/?resident={resident.pk}")
    page.get_by_label("De situatie in de woorden van de inwoner").fill(
        "Ik ben vorige week ontslagen en ik kan de huur niet meer betalen"
    )
    panel = page.locator("#triage-panel")
    panel.get_by_text("uwv.ww").wait_for()
    assert "ontslagen" in panel.inner_text()
    assert axe_violations(page) == []


def test_knowledge_manager_reviews_an_overdue_article(demo_world: None, page: Any) -> None:
    import datetime as dt

    from eenloket.knowledge.models import Article

    Article.objects.filter(slug="rijbewijs-verlengen").update(review_by=dt.date(2020, 1, 1))
    login(page, "knowledge")
    page.get_by_role("link", name="Te controleren").click()
    page.get_by_role("link", name="Rijbewijs verlengen").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Markeren als gecontroleerd").click()
    assert page.get_by_role("status").is_visible()
    page.get_by_role("link", name="Te controleren").click()
    assert page.get_by_role("link", name="Rijbewijs verlengen").count() == 0
