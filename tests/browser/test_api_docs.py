"""The API docs page works under the site's own Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_without_a_csp_error(browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url)  # the CSP is enforced here
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto("/api/docs")
    page.locator(".opblock-summary-path", has_text="/api/contacts").first.wait_for()
    context.close()
    assert problems == []
