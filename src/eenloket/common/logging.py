"""Logging filters and the JSON formatter: no secret link tokens in log lines, the request's
ids on every line, and a refused request as one line instead of a traceback."""

from __future__ import annotations

import logging
import re
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonEncoder
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from eenloket.common import tracing
from eenloket.common.bsn import find_bsns, redact_bsns

# Paths that carry a secret in the URL: the appointment link, the follow link, the feedback link.
SECRET_PATH = re.compile(r"(/(?:afspraak|volgen|mening)/)[^/\s\"']+")


def redact(text: str) -> str:
    """Secret link paths hidden, and any BSN-shaped number (an id in a path can pass the 11-test
    by chance; a BSN typed into an address is one)."""
    return redact_bsns(SECRET_PATH.sub(r"\1[verborgen]", text))


class RedactSecretsFilter(logging.Filter):
    """Replace secret path segments in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request_path = redact(request.path)
        return True


class RequestContextFilter(logging.Filter):
    """Put the current request's ids and the acting account's primary key on every record, also
    on lines that libraries log during the request (a handler filter sees them all)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ids = tracing.current()
        record.request_id = ids.request_id if ids else None
        record.trace_id = ids.trace_id if ids else None
        record.span_id = ids.span_id if ids else None
        record.user_id = tracing.current_user_id()
        return True


class QuietClientErrorsFilter(logging.Filter):
    """A refused request (Http404, PermissionDenied, a suspicious Host) is one line: Django logs
    it with the exception attached, and its traceback tells nobody anything. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class _RedactingEncoder(JsonEncoder):
    def default(self, o: Any) -> Any:
        value = super().default(o)
        return redact(value) if isinstance(value, str) else value


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time, level, logger, message, the request's ids, the record's
    extra fields. Django's `request` extra is left out (its repr carries the raw path; the
    redaction filter adds `request_path`), and any other object is redacted as text."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "fmt", ["levelname", "name", "message", "request_id", "trace_id", "span_id", "user_id"]
        )
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        kwargs.setdefault("json_encoder", _RedactingEncoder)
        super().__init__(**kwargs)

    def formatException(self, ei: Any) -> Any:
        text = super().formatException(ei)
        return redact(text) if isinstance(text, str) else [redact(line) for line in text]


# What must never be in a log line: a link token (43 URL-safe characters from
# secrets.token_urlsafe(32), or 64 hex characters of a feedback link), an unredacted secret path,
# a bearer token, a staff member's enrolment code (five groups of four). BSNs are found by
# `common.bsn.find_bsns` (the 11-test).
_URLSAFE_TOKEN = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[\w-]{43}(?![\w-])"
)
_HEX_TOKEN = re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{64}(?![0-9a-fA-F])")
_OPEN_SECRET_PATH = re.compile(r"/(?:afspraak|volgen|mening)/(?!\[verborgen\])[^/\s\"']+")
_BEARER = re.compile(r"Bearer\s+\S{16,}")
_ENROLMENT_CODE = re.compile(r"(?<![\w-])[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}(?![\w-])")


def find_secrets(text: str) -> list[str]:
    """Every BSN-shaped number passing the 11-test, token or unredacted secret link in `text`."""
    found = [f"BSN {number}" for number in find_bsns(text)]
    for label, pattern in (
        ("token", _URLSAFE_TOKEN),
        ("token", _HEX_TOKEN),
        ("secret link", _OPEN_SECRET_PATH),
        ("bearer token", _BEARER),
        ("enrolment code", _ENROLMENT_CODE),
    ):
        found += [f"{label} {match.group()}" for match in pattern.finditer(text)]
    return found
