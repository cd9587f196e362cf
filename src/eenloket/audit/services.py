"""Writing the personal-data access log. Every read or write of a resident's data passes here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import AccessLogEntry

Action = AccessLogEntry.Action


def access_log_record(
    *, user: Any, resident_id: int, action: str, purpose: str, obj: models.Model, trace_id: str = ""
) -> AccessLogEntry:
    """Log one processing of one resident's data."""
    return AccessLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        resident_id=resident_id,
        action=action,
        purpose=purpose,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        trace_id=trace_id or uuid.uuid4().hex,
    )


def access_log_record_many(
    *, user: Any, objects: Iterable[tuple[int, models.Model]], action: str, purpose: str
) -> None:
    """Log a list page: one line per resident shown, written in one statement."""
    trace_id = uuid.uuid4().hex
    entries = [
        AccessLogEntry(
            user=user,
            resident_id=resident_id,
            action=action,
            purpose=purpose,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            trace_id=trace_id,
        )
        for resident_id, obj in objects
    ]
    if entries:
        AccessLogEntry.objects.bulk_create(entries)
