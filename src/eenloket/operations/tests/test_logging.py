"""Log lines in production: one JSON object per line with the request's ids and the account's
primary key, one line per request, and a refused request as one line, not a traceback."""

from __future__ import annotations

import io
import json
import logging
import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from eenloket.audit.services import access_log_record
from eenloket.common import tracing
from eenloket.common.logging import (
    JsonFormatter,
    QuietClientErrorsFilter,
    RedactSecretsFilter,
    RequestContextFilter,
)
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """What the production handler would write: the JSON formatter behind the same filters."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    for log_filter in (RedactSecretsFilter(), RequestContextFilter(), QuietClientErrorsFilter()):
        handler.addFilter(log_filter)
    root = logging.getLogger()
    requests_logger = logging.getLogger("eenloket.requests")
    level = requests_logger.level
    root.addHandler(handler)
    requests_logger.setLevel(logging.INFO)  # production's level
    yield stream
    root.removeHandler(handler)
    requests_logger.setLevel(level)


def lines(stream: io.StringIO, logger: str | None = None) -> list[dict[str, Any]]:
    parsed = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [line for line in parsed if logger is None or line["logger"] == logger]


def test_every_line_carries_the_request_ids(client: Client, json_log: io.StringIO) -> None:
    response = client.get(
        "/bestaat/niet/", HTTP_X_REQUEST_ID="lb-1234.abc_Z", HTTP_TRACEPARENT=TRACEPARENT
    )
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-1234.abc_Z"
    logged = lines(json_log)
    assert {line["logger"] for line in logged} == {"django.request", "eenloket.requests"}
    for line in logged:
        assert line["request_id"] == "lb-1234.abc_Z"
        assert line["trace_id"] == TRACE_ID
        assert re.fullmatch(r"[0-9a-f]{16}", line["span_id"])
        assert line["span_id"] != "00f067aa0ba902b7"  # our own span, not the caller's
        assert line["user_id"] is None
        assert {"time", "level", "message"} <= line.keys()
    assert tracing.current() is None  # nothing carries over to the next request on this thread


@pytest.mark.parametrize(
    ("request_id", "traceparent"),
    [
        (None, None),
        ("x" * 65, "00-" + "0" * 32 + "-00f067aa0ba902b7-01"),
        ("no spaces", "00-" + TRACE_ID + "-" + "0" * 16 + "-01"),
        ("ünïcode", "ff-" + TRACE_ID + "-00f067aa0ba902b7-01"),
        ("a/b", TRACE_ID),
        ("", "00-" + TRACE_ID.upper() + "-00f067aa0ba902b7-01"),
    ],
)
def test_unusable_ids_are_replaced_by_new_ones(
    client: Client, json_log: io.StringIO, request_id: str | None, traceparent: str | None
) -> None:
    headers = {}
    if request_id is not None:
        headers["HTTP_X_REQUEST_ID"] = request_id
    if traceparent is not None:
        headers["HTTP_TRACEPARENT"] = traceparent
    response = client.get("/bestaat/niet/", **headers)
    [line] = lines(json_log, "eenloket.requests")
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert response["X-Request-ID"] == line["request_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["trace_id"]) and line["trace_id"] != "0" * 32
    assert line["trace_id"] != TRACE_ID


def test_one_line_per_request_names_the_route_never_the_path(
    client: Client, json_log: io.StringIO
) -> None:
    link_token = secrets.token_urlsafe(32)
    client.get(f"/afspraak/{link_token}/?bsn=123456782")
    [line] = lines(json_log, "eenloket.requests")
    assert line["route"] == "appointment_link"
    assert line["http_method"] == "GET" and line["status_code"] == 404
    assert isinstance(line["duration_ms"], float)
    text = json_log.getvalue()
    assert link_token not in text and "123456782" not in text
    [not_found] = lines(json_log, "django.request")
    assert not_found["request_path"] == "/afspraak/[verborgen]/"
    assert "request" not in not_found  # Django's request object, whose repr has the raw path


def test_probes_are_not_in_the_request_log(client: Client, json_log: io.StringIO) -> None:
    client.get("/health/live")
    client.get("/health/ready")
    client.get("/metrics")
    assert lines(json_log, "eenloket.requests") == []


def test_a_refused_request_is_one_line_with_the_account_id(
    client: Client, json_log: io.StringIO, settings: Any
) -> None:
    settings.MFA_REQUIRED = False
    user = staff(Role.SPECIALIST)
    client.force_login(user)
    assert client.get("/workspace/register/").status_code == 403
    [refusal] = lines(json_log, "django.request")
    assert refusal["message"] == "Forbidden (Permission denied): /workspace/register/"
    assert refusal["user_id"] == user.pk
    assert "exc_info" not in refusal
    assert "Traceback" not in json_log.getvalue()
    [request_line] = lines(json_log, "eenloket.requests")
    assert request_line["user_id"] == user.pk and request_line["route"] == "audit:register"
    assert user.username not in json_log.getvalue()


@pytest.mark.parametrize(("path", "status"), [("/workspace/register/", 403), ("/nergens/", 404)])
def test_every_handler_gets_a_refusal_without_its_traceback(
    client: Client,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    path: str,
    status: int,
) -> None:
    """caplog's handler alone, without our handler filters: the logger itself drops it."""
    monkeypatch.setattr(logging.getLogger(), "handlers", [caplog.handler])
    settings.MFA_REQUIRED = False
    client.force_login(staff(Role.SPECIALIST))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(path).status_code == status
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None and record.exc_text is None
    assert "Traceback" not in caplog.text


def test_a_middleware_answer_names_the_account_too(client: Client, json_log: io.StringIO) -> None:
    """No view ran (the second-factor check answered): the account is still on the line."""
    user = staff(Role.SPECIALIST)
    client.force_login(user)
    assert client.get("/workspace/").status_code == 302
    [line] = lines(json_log, "eenloket.requests")
    assert line["user_id"] == user.pk and line["route"] == "workspace:home"


@pytest.mark.parametrize(("status", "keeps_traceback"), [(403, False), (404, False), (500, True)])
def test_only_server_errors_keep_their_traceback(status: int, keeps_traceback: bool) -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), sys.exc_info())
    record.status_code = status
    QuietClientErrorsFilter().filter(record)
    assert (record.exc_info is not None) is keeps_traceback
    assert ("Traceback" in JsonFormatter().format(record)) is keeps_traceback


def test_the_access_log_shares_the_request_trace() -> None:
    user = staff(Role.SPECIALIST)
    resident = ResidentFactory(municipality=user.membership.organisation)
    tracing.start(request_id="r1", trace_id=TRACE_ID)
    try:
        entry = access_log_record(
            user=user,
            resident_id=resident.pk,
            action="read",
            purpose="handle_help_request",
            obj=resident,
        )
    finally:
        tracing.clear()
    assert entry.trace_id == TRACE_ID and entry.audit.trace_id == TRACE_ID
    outside = access_log_record(
        user=user,
        resident_id=resident.pk,
        action="read",
        purpose="handle_help_request",
        obj=resident,
    )
    assert outside.trace_id != TRACE_ID and len(outside.trace_id) == 32
