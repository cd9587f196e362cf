"""Fixtures shared by every test: the demo world, and one logged-in client per demo role."""

from __future__ import annotations

from collections.abc import Callable

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
