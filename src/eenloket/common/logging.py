"""Logging filters: no secret link tokens in log lines."""

from __future__ import annotations

import logging
import re

# Paths that carry a secret in the URL: the appointment link, the follow link, the feedback link.
SECRET_PATH = re.compile(r"(/(?:afspraak|volgen|mening)/)[^/\s\"']+")


def redact(text: str) -> str:
    return SECRET_PATH.sub(r"\1[verborgen]", text)


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


# What must never be in a log line: a link token (43 URL-safe characters from
# secrets.token_urlsafe(32), or 64 hex characters of a feedback link), an unredacted secret path,
# a bearer token. BSNs are found by `residents.bsn.find_bsns` (the 11-test).
_URLSAFE_TOKEN = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[\w-]{43}(?![\w-])"
)
_HEX_TOKEN = re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{64}(?![0-9a-fA-F])")
_OPEN_SECRET_PATH = re.compile(r"/(?:afspraak|volgen|mening)/(?!\[verborgen\])[^/\s\"']+")
_BEARER = re.compile(r"Bearer\s+\S{16,}")


def find_secrets(text: str) -> list[str]:
    """Every BSN-shaped number passing the 11-test, token or unredacted secret link in `text`."""
    from eenloket.residents.bsn import find_bsns

    found = [f"BSN {number}" for number in find_bsns(text)]
    for label, pattern in (
        ("token", _URLSAFE_TOKEN),
        ("token", _HEX_TOKEN),
        ("secret link", _OPEN_SECRET_PATH),
        ("bearer token", _BEARER),
    ):
        found += [f"{label} {match.group()}" for match in pattern.finditer(text)]
    return found
