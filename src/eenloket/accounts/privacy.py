"""Staff accounts and login records. Accounts are staff data, managed by the administrator; the
login records (django-axes: address, username, browser) and the record of enrolment codes issued
and used are kept for their own period, failed attempts only as long as their lock-out lasts."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import QuerySet

from eenloket.common.personal_data import PersonalData, cutoff, not_personal, register

from .models import ApiToken, EnrolmentCode, User


# django-axes has no types: its managers answer Any, so each query is named what it is.
def _old_logins(now: dt.datetime) -> QuerySet[AccessLog]:
    logins: QuerySet[AccessLog] = AccessLog.objects.filter(attempt_time__lt=cutoff("logins", now))
    return logins


def _old_failures(now: dt.datetime) -> QuerySet[AccessFailureLog]:
    failures: QuerySet[AccessFailureLog] = AccessFailureLog.objects.filter(
        attempt_time__lt=cutoff("logins", now)
    )
    return failures


def _old_enrolment_codes(now: dt.datetime) -> QuerySet[EnrolmentCode]:
    # Kept as the record of who issued which code when; a code that still works stays.
    return EnrolmentCode.objects.filter(issued_at__lt=cutoff("logins", now)).exclude(
        used_at__isnull=True, ended_at__isnull=True, expires_at__gt=now
    )


def _lock_out_passed(now: dt.datetime) -> QuerySet[AccessAttempt]:
    attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
        attempt_time__lt=now - settings.AXES_COOLOFF_TIME
    )
    return attempts


register(
    PersonalData(AccessLog, about="a staff login", retention="logins", expired=_old_logins),
    PersonalData(
        AccessFailureLog, about="a failed login", retention="logins", expired=_old_failures
    ),
    PersonalData(
        AccessAttempt,
        about="failed logins counted for the lock-out",
        retention="logins",
        expired=_lock_out_passed,
    ),
    PersonalData(
        EnrolmentCode,
        about="enrolment codes issued to a staff member, and their use (hashed)",
        retention="logins",
        expired=_old_enrolment_codes,
    ),
)
not_personal(User, "a staff account (staff data, managed by the administrator)")
not_personal(ApiToken, "a staff member's API token (hashed)")
