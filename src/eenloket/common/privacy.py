"""The stored answers to API requests with an `Idempotency-Key` may name a resident: they are
kept only long enough for a client to retry."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from .models import IdempotentRequest
from .personal_data import PersonalData, cutoff, register


def _old(now: dt.datetime) -> QuerySet[IdempotentRequest]:
    return IdempotentRequest.objects.filter(created_at__lt=cutoff("idempotency", now))


register(
    PersonalData(
        IdempotentRequest,
        about="the answer to an API request sent with an Idempotency-Key, for its retries",
        retention="idempotency",
        expired=_old,
    )
)
