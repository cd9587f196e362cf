"""A resident's rights over their data: a copy of everything we keep about them (AVG art. 15
and 20), and erasure where the law allows it (art. 17). Both walk the registry of personal data
(`audit.personal_data`), which every app fills for its own models.

Erasure is refused while the counter is still helping the resident — an open help request, a
referral an agency is still working on, or an appointment to come (each app says so through its
declaration's `busy`) — because the data are then needed for the task the resident asked for;
the message says what to close first. The log keeps one line for the erasure and the lines
before it (it is the proof of what was done)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from eenloket.accounts.types import Actor
from eenloket.common import personal_data
from eenloket.common.errors import Conflict

from .services import Action, access_log_record


def resident_export(*, user: Actor, resident: Any) -> dict[str, Any]:
    """Everything kept about the resident, as plain data, one section per kind of record."""
    access_log_record(
        user=user,
        resident_id=resident.pk,
        action=Action.EXPORT,
        purpose="subject_access",
        obj=resident,
    )
    copy: dict[str, Any] = {}
    for entry in sorted(personal_data.entries(), key=lambda e: (not e.subject, e.section)):
        if not entry.section or entry.export is None:
            continue
        rows = entry.of_resident(resident.pk).order_by(*entry.order_by)
        if entry.subject:
            copy[entry.section] = entry.export(rows.get())
        else:
            copy[entry.section] = [entry.export(row) for row in rows]
    return copy


def erasure_refusal(resident_id: int) -> str | None:
    """Why this resident cannot be erased yet (every reason, the resident's own record's
    dependants first), or None."""
    reasons = [
        reason
        for entry in reversed(personal_data.entries())
        if entry.busy is not None and (reason := entry.busy(resident_id))
    ]
    return " ".join(reasons) or None


@transaction.atomic
def resident_erase(*, user: Actor, resident: Any) -> dict[str, int]:
    """Erase the resident and everything about them; refused while they are still being helped."""
    subject = personal_data.subject()
    resident = subject.model._default_manager.select_for_update().get(pk=resident.pk)
    if reason := erasure_refusal(resident.pk):
        raise Conflict("still_helped", reason)
    chosen = {
        entry.model: set(entry.of_resident(resident.pk).values_list("pk", flat=True))
        for entry in personal_data.entries()
        if not entry.subject
    }
    gone = personal_data.remove(chosen)
    access_log_record(
        user=user, resident_id=resident.pk, action=Action.DELETE, purpose="erasure", obj=resident
    )
    gone.update(personal_data.remove({subject.model: {resident.pk}}))
    return gone
