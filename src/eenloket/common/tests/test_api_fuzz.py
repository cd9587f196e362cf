"""The OpenAPI document, fuzzed with schemathesis (a bounded run): whatever a client sends, the
API answers without a server error and as its schema says (status code, content type, body).

Left out is schemathesis' "positive data acceptance" check, which expects every request that
fits the schema to succeed: business rules the schema cannot express (an unknown topic code, a
slot that is not free, a resident in another municipality) rightly answer 400/404/409, as the
document says."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from eenloket.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_connection() -> Any:
    """Called straight through WSGI, the app would close the test's database connection at the
    start and end of each request, as it does in production; Django's test client prevents that
    the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(demo: dict[str, str]) -> str:
    from eenloket.accounts.models import User
    from eenloket.accounts.services import api_token_create

    _token, raw = api_token_create(user=User.objects.get(username="specialist"), name="fuzz")
    return raw


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_documented(case: Any, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, excluded_checks=[positive_data_acceptance]
    )
