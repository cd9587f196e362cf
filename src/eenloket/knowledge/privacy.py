"""The knowledge base in the registry of personal data: only the search log is personal data
(staff's search terms, tied to the organisation), kept for its own period."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from eenloket.common.personal_data import PersonalData, cutoff, not_personal, register

from .models import Article, ArticleVersion, Lesson, LifeEvent, SearchLog, Topic


def _old(now: dt.datetime) -> QuerySet[SearchLog]:
    return SearchLog.objects.filter(created_at__lt=cutoff("searches", now))


register(
    PersonalData(
        SearchLog,
        about="what staff searched for and opened (terms may describe a situation)",
        retention="searches",
        expired=_old,
    )
)
for model, why in (
    (Topic, "a topic code and name"),
    (LifeEvent, "a life event code and name"),
    (Article, "a knowledge article for staff or the public"),
    (ArticleVersion, "an article's earlier text and who changed it (staff, not residents)"),
    (Lesson, "a lesson for the knowledge base, written about a topic, not about a resident"),
):
    not_personal(model, why)
