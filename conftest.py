"""Fixtures shared by every test: the demo world, and one logged-in client per demo role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from eenloket.accounts.models import User


@pytest.fixture
def demo(db: None) -> dict[str, str]:
    from eenloket.demo import load_demo

    return load_demo()


@pytest.fixture
def client_for(demo: dict[str, str]) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture(autouse=True)
def _no_bsn_in_mail() -> Any:
    """After every test: no e-mail the test sent contains a BSN (11-test valid)."""
    yield
    from django.core import mail

    from eenloket.common.bsn import find_bsns

    for message in getattr(mail, "outbox", []):
        parts = [message.subject, message.body] + [
            str(content) for content, _type in getattr(message, "alternatives", [])
        ]
        found = find_bsns("\n".join(parts))
        if found:
            pytest.fail(f"an e-mail contains a BSN: {message.subject!r}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` need real concurrent connections with row locks; on the
    embedded SQLite run they are deselected (reported as such, not as skipped)."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def pytest_sessionstart(session: pytest.Session) -> None:
    from django.conf import settings

    path = getattr(settings, "TEST_LOG_FILE", None)
    if path is not None:
        # Start each run with an empty log (the handler appends; truncate in place).
        with open(path, "w", encoding="utf-8"):
            pass


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Everything the run logged, scanned for BSN-shaped numbers (11-test) and secret tokens."""
    from django.conf import settings

    from eenloket.common.logging import find_secrets

    path = getattr(settings, "TEST_LOG_FILE", None)
    if path is None or not path.exists():
        return
    found = find_secrets(path.read_text(encoding="utf-8", errors="replace"))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if found:
        if reporter is not None:
            reporter.write_line(f"The test run logged personal data or secrets ({path}):", red=True)
            for item in found[:20]:
                reporter.write_line(f"  {item}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter is not None:
        reporter.write_line(f"Log scan: no BSNs or tokens in {path.stat().st_size} bytes logged.")
