"""Staff accounts and login records. Accounts are staff data, managed by the administrator; the
login records (django-axes: address, username, browser) are kept for their own period, failed
attempts only as long as their lock-out lasts."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import QuerySet

from eenloket.common.personal_data import PersonalData, cutoff, not_personal, register

from .models import ApiToken, User


def _old_logins(now: dt.datetime) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(attempt_time__lt=cutoff("logins", now))


def _old_failures(now: dt.datetime) -> QuerySet[AccessFailureLog]:
    return AccessFailureLog.objects.filter(attempt_time__lt=cutoff("logins", now))


def _lock_out_passed(now: dt.datetime) -> QuerySet[AccessAttempt]:
    return AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME)


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
)
not_personal(User, "a staff account (staff data, managed by the administrator)")
not_personal(ApiToken, "a staff member's API token (hashed)")
