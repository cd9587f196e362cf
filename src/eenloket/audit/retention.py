"""Retention: what is past its period (settings.RETENTION_DAYS) is deleted, once a day.

The registry of personal data (`audit.personal_data`) says, per model, which rows are past their
period (`expired`) and what belongs to them (`part_of`): a help request closed longer ago than
its period goes with its questions, timeline, referrals, professional-line calls, consents and
contacts; open help requests never go. What is declared `anonymise` (walk-in tickets) keeps its
row for the figures with the name and question blanked.

After that, a resident goes when nothing in the registry is about them any more and they were
registered before the contacts' period; each such deletion is one line in the access log
(activity `retention`). Access-log lines go when older than the log's period — the only deletion
the append-only log allows — with the audit records left without lines.

Everything runs in one transaction: a failure leaves everything as it was."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import OuterRef
from django.utils import timezone

from eenloket.common import personal_data
from eenloket.common.models import history_purge
from eenloket.common.personal_data import cutoff

from .models import AuditRecord
from .services import Action, access_log_record_many


@transaction.atomic
def retention_apply(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is past its period; returns how many of each kind went."""
    now = now or timezone.now()
    subject = personal_data.subject()
    chosen = {
        entry.model: set(entry.expired(now).values_list("pk", flat=True))
        for entry in personal_data.entries()
        if entry.expired is not None and not entry.subject
    }
    gone: Counter[str] = Counter(personal_data.remove(chosen))

    forgotten = list(
        subject.model._default_manager.filter(created_at__lt=cutoff(subject.retention, now))
        .exclude(personal_data.anything_about(OuterRef("pk")))
        .order_by("pk")
    )
    access_log_record_many(
        user=None,
        objects=[(resident.pk, resident) for resident in forgotten],
        action=Action.DELETE,
        purpose="retention",
    )
    gone.update(personal_data.remove({subject.model: {r.pk for r in forgotten}}))

    with history_purge():
        gone.update(
            AuditRecord.objects.filter(
                at__lt=cutoff("access_log", now), entries__isnull=True
            ).delete()[1]
        )
    return {kind: n for kind, n in gone.items() if n}
