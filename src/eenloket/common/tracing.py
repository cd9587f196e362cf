"""The ids that tie one request's log lines and access-log entries together.

A request id (the caller's `X-Request-ID` when it is a sane token, else a new one) and a W3C
trace context: the trace id of an incoming `traceparent` when it is valid, else a new trace, and
a new span id for this request. They live in context variables for the length of the request, so
the logging filter and the access log read them without the request being passed around."""

from __future__ import annotations

import re
import secrets
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# version-trace_id-parent_id-flags; version ff is invalid, all-zero ids are invalid.
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")


@dataclass(frozen=True)
class RequestIds:
    request_id: str
    trace_id: str
    span_id: str


_ids: ContextVar[RequestIds | None] = ContextVar("eenloket_request_ids", default=None)
_user_id: ContextVar[int | None] = ContextVar("eenloket_user_id", default=None)


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is a short token of safe characters, else a new one."""
    if header and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def trace_id_from(traceparent: str | None) -> str:
    """The trace id of a valid `traceparent` header, else a new random one (32 hex digits)."""
    match = _TRACEPARENT.fullmatch((traceparent or "").strip())
    if match:
        version, trace_id, parent_id, _flags = match.groups()
        if version != "ff" and trace_id != "0" * 32 and parent_id != "0" * 16:
            return trace_id
    return secrets.token_hex(16)


def new_span_id() -> str:
    return secrets.token_hex(8)


def start(*, request_id: str, trace_id: str) -> RequestIds:
    """Bind the ids for the request being handled, with a new span id; `clear` unbinds them."""
    ids = RequestIds(request_id=request_id, trace_id=trace_id, span_id=new_span_id())
    _ids.set(ids)
    _user_id.set(None)
    return ids


def clear() -> None:
    _ids.set(None)
    _user_id.set(None)


def bind_user(user_id: int | None) -> None:
    _user_id.set(user_id)


def current() -> RequestIds | None:
    return _ids.get()


def current_user_id() -> int | None:
    return _user_id.get()


def current_trace_id() -> str:
    """The trace id of the request being handled, or "" outside a request."""
    ids = _ids.get()
    return ids.trace_id if ids else ""
