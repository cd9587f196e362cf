from __future__ import annotations

from django.db.models import QuerySet

from .models import AccessLogEntry


def access_log_for_resident(*, resident_id: int) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(resident_id=resident_id).select_related("user")
