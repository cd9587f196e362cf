"""Writing the personal-data access log. Every read or write of a resident's data passes here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from eenloket.accounts.types import Actor
from eenloket.common.tracing import current_trace_id

from . import register
from .models import AccessLogEntry, AuditRecord

Action = AccessLogEntry.Action


def _trace_id() -> str:
    """The request's trace id (so the log lines of the request find these entries), or a new one
    outside a request."""
    return current_trace_id() or uuid.uuid4().hex


def _audit(user: Actor, trace_id: str) -> AuditRecord:
    return AuditRecord.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None, trace_id=trace_id
    )


def access_log_record(
    *, user: Actor, resident_id: int, action: str, purpose: str, obj: models.Model, trace_id: str = ""
) -> AccessLogEntry:
    """Log one processing of one resident's data. `purpose` is a processing activity's code."""
    register.activity(purpose)
    trace_id = trace_id or _trace_id()
    return AccessLogEntry.objects.create(
        audit=_audit(user, trace_id),
        resident_id=resident_id,
        action=action,
        purpose=purpose,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        trace_id=trace_id,
    )


def access_log_record_many(
    *, user: Actor, objects: Iterable[tuple[int, models.Model]], action: str, purpose: str
) -> None:
    """Log a list page: one line per resident shown, written in one statement, under one audit
    record."""
    register.activity(purpose)
    items = list(objects)
    if not items:
        return
    trace_id = _trace_id()
    audit = _audit(user, trace_id)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            audit=audit,
            resident_id=resident_id,
            action=action,
            purpose=purpose,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            trace_id=trace_id,
        )
        for resident_id, obj in items
    )
