"""Headless Chromium (Debian's package) driven by Playwright, against Django's live server."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import CHROMIUM_ARGS, find_chromium

# Playwright's sync API keeps an event loop in the test thread; the ORM calls made by fixtures
# there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str:
    path = find_chromium()
    if not path:
        pytest.fail("Chromium not found: install Debian's 'chromium' package or set CHROMIUM_PATH")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # axe-core is injected as a script, which our own CSP would rightly refuse.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA findings of axe-core on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Recovery codes of the accounts set up during this test run, to pass the second step again
# (a code from the app cannot be used twice within its 30 seconds).
RECOVERY_CODES: dict[str, list[str]] = {}
# Enrolment codes a test issued for its new accounts (`enrolment_code_issue`), typed at their
# first login before the app is set up.
ENROLMENT_CODES: dict[str, str] = {}


def authenticator_code(key: bytes) -> str:
    from django_otp.oath import totp

    return f"{totp(key):06d}"


def login(page: Any, username: str, password: str = "demo", *, check: Any = None) -> None:
    """Log in as a person would, including the second step for accounts that need one (a new
    account types its enrolment code, then sets up its app from the key on the page).
    `check(page)` runs on each second-step page, e.g. an accessibility check."""
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r".*/(workspace/|login/mfa/.*)$"))
    if "/login/mfa/enrol/" in page.url:
        if check:
            check(page)
        page.get_by_label("Activeringscode").fill(ENROLMENT_CODES.pop(username))
        page.get_by_role("button", name="Verder").click()
        page.wait_for_url("**/login/mfa/setup/**")
    if "/login/mfa/setup/" in page.url:
        if check:
            check(page)
        key = base64.b32decode(page.locator(".el-key").inner_text().replace(" ", ""))
        page.get_by_label("Code").fill(authenticator_code(key))
        page.get_by_role("button", name="Bevestigen").click()
        page.get_by_role("heading", name="Uw herstelcodes").wait_for()
        RECOVERY_CODES[username] = page.locator(".el-codes code").all_inner_texts()
        if check:
            check(page)
        page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
    elif "/login/mfa/" in page.url:
        if check:
            check(page)
        page.get_by_label("Code").fill(RECOVERY_CODES[username].pop())
        page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/workspace/")


@pytest.fixture
def demo_world(transactional_db: None) -> None:
    """The demo data, loaded again after each browser test's flush."""
    from eenloket.demo import load_demo

    load_demo()
