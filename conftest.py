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
