from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import register
from .models import AccessLogEntry


def subject_access_rows(*, resident_id: int) -> list[dict[str, Any]]:
    """What a resident may see of the log about them (AVG art. 15): when, what, for which
    processing activity and why, and by which organisation and role — not which colleague."""
    entries = (
        AccessLogEntry.objects.filter(resident_id=resident_id)
        .select_related("audit__user__membership__organisation")
        .order_by("at", "id")
    )
    actions = dict(AccessLogEntry.Action.choices)
    rows = []
    for entry in entries:
        membership = getattr(entry.audit.user, "membership", None) if entry.audit.user else None
        activity = register.activity(entry.purpose)
        rows.append(
            {
                "at": timezone.localtime(entry.at),
                "action": str(actions.get(entry.action, entry.action)),
                "activity": activity.name,
                "purpose": activity.purpose,
                "organisation": str(membership.organisation) if membership else entry.audit.agent,
                "role": str(membership.get_role_display()) if membership else "",
                "trace_id": entry.trace_id,
            }
        )
    return rows
