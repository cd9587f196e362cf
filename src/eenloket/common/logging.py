"""Logging filters: no secret link tokens in log lines."""

from __future__ import annotations

import logging
import re

# Paths that carry a secret in the URL: the appointment link and the follow link.
SECRET_PATH = re.compile(r"(/(?:afspraak|volgen)/)[^/\s\"']+")


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
