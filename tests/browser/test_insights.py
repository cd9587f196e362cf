"""The insights pages with a month of demo history: the charts draw under our own strict CSP,
the numbers stay in tables, the CSV downloads, and axe-core finds nothing serious — in Dutch
and in English. The coordinator's page links to no resident or help request."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = """() => [...document.querySelectorAll('canvas[data-chart]')]
    .filter(c => !c.closest('figure').hidden)
    .map(c => c.dataset.chart + ':' + (window.Chart.getChart(c) ? 'drawn' : 'empty'))"""


@pytest.fixture
def month(demo_world: None) -> None:
    from eenloket.demo_month import load_month

    assert load_month() > 15


def strict_page(browser: Any, live_server: Any) -> tuple[Any, Any, list[str]]:
    """A page that keeps our Content-Security-Policy (the `page` fixture bypasses it for axe)."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return context, page, errors


def test_dashboard_draws_its_charts_under_the_csp(
    month: None, browser: Any, live_server: Any
) -> None:
    context, page, errors = strict_page(browser, live_server)
    login(page, "manager")
    page.get_by_role("link", name="Inzicht").click()
    page.wait_for_function(
        "() => document.querySelectorAll('figure.el-chart:not([hidden])').length >= 4"
    )
    assert sorted(page.evaluate(DRAWN)) == [
        "contacts:drawn",
        "referrals:drawn",
        "satisfaction:drawn",
        "trend:drawn",
    ]
    canvas = page.locator("canvas[data-chart=trend]")
    assert "tabel" in (canvas.get_attribute("aria-label") or "")
    # The numbers behind each chart are in a table with a caption.
    assert page.get_by_role("table", name="Contacten per kanaal").is_visible()
    assert page.get_by_role("table", name="Gezocht zonder goed resultaat").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download “Contacten per kanaal” als CSV").click()
    assert download.value.suggested_filename == "contacts.csv"
    assert errors == []
    context.close()


def test_national_view_draws_and_shows_no_resident(
    month: None, browser: Any, live_server: Any
) -> None:
    context, page, errors = strict_page(browser, live_server)
    login(page, "coordinator")
    page.get_by_role("link", name="Landelijk overzicht").first.click()
    page.wait_for_function(
        "() => document.querySelectorAll('figure.el-chart:not([hidden])').length == 1"
    )
    assert page.evaluate(DRAWN) == ["locations:drawn"]
    assert page.locator("a[href*='/residents/'], a[href*='/help-requests/']").count() == 0
    assert errors == []
    context.close()


@pytest.mark.parametrize(
    ("username", "path"),
    [("manager", "/workspace/insights/"), ("coordinator", "/workspace/insights/national/")],
)
def test_insights_pages_are_accessible_in_both_languages(
    month: None, page: Any, username: str, path: str
) -> None:
    login(page, username)
    page.goto(path)
    page.wait_for_selector("figure.el-chart:not([hidden])")
    assert axe_violations(page) == []
    page.get_by_role("button", name="English").click()
    page.goto(path)
    page.wait_for_selector("figure.el-chart:not([hidden])")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []
