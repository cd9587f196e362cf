"""Writing the personal-data access log. Every read or write of a resident's data passes here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import models

from eenloket.accounts.types import Actor
from eenloket.common.tracing import current_trace_id

from . import register
from .models import AccessLogEntry, AuditRecord

Action = AccessLogEntry.Action

# One row shown to a reader: the resident it is about (None: nobody), the row, the activity.
Shown = tuple[int | None, models.Model, str]


def _trace_id() -> str:
    """The request's trace id (so the log lines of the request find these entries), or a new one
    outside a request."""
    return current_trace_id() or uuid.uuid4().hex


def _audit(user: Actor | None, trace_id: str, agent: str = "") -> AuditRecord:
    return AuditRecord.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        trace_id=trace_id,
        agent=agent,
    )


def access_log_record(
    *,
    user: Actor | None,
    resident_id: int,
    action: str,
    purpose: str,
    obj: models.Model,
    trace_id: str = "",
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
    *, user: Actor | None, objects: Iterable[tuple[int, models.Model]], action: str, purpose: str
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


def access_log_shown(
    *,
    user: Actor | None,
    shown: Iterable[Shown],
    action: str = Action.READ,
    agent: str = "",
) -> None:
    """Log what one page or answer shows: one line per resident (for the first row naming them,
    with that row's processing activity), none for rows without a resident, all in one insert
    under one audit record. `agent` names an agency's system that reads without an account."""
    lines: dict[int, tuple[models.Model, str]] = {}
    for resident_id, obj, purpose in shown:
        register.activity(purpose)
        if resident_id is not None and resident_id not in lines:
            lines[resident_id] = (obj, purpose)
    if not lines:
        return
    trace_id = _trace_id()
    audit = _audit(user, trace_id, agent)
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
        for resident_id, (obj, purpose) in lines.items()
    )
