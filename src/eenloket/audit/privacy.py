"""The access log itself in the registry of personal data: a line names a resident by id and
stays after their erasure (it is the proof of what was done) until the log's own period ends."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from eenloket.common.personal_data import PersonalData, cutoff, not_personal, register

from .models import AccessLogEntry, AuditRecord


def _old(now: dt.datetime) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(at__lt=cutoff("access_log", now))


register(
    PersonalData(
        AccessLogEntry,
        about="who read or changed which resident's record, when and why",
        retention="access_log",
        expired=_old,
    )
)
not_personal(AuditRecord, "who acted and when; removed with its last log line")
