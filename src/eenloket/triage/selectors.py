"""Reads of the triage rules, and the engine fed from them."""

from __future__ import annotations

import threading
from typing import Any

from django.db.models import Count, Max, QuerySet

from .engine import FollowUp, Rule, TriageEngine, rules_from_data
from .models import FollowUpQuestion, TriageRule

_lock = threading.Lock()
_engine: tuple[tuple[Any, ...], TriageEngine] | None = None


def rules_all() -> QuerySet[TriageRule]:
    return TriageRule.objects.order_by("code")


def questions_all() -> QuerySet[FollowUpQuestion]:
    return FollowUpQuestion.objects.order_by("code")


def rule_get(*, rule_id: int) -> TriageRule:
    from eenloket.common.errors import NotFound

    try:
        return TriageRule.objects.get(pk=rule_id)
    except TriageRule.DoesNotExist:
        raise NotFound("not_found", "Unknown rule.") from None


def _revision() -> tuple[Any, ...]:
    rules = TriageRule.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    questions = FollowUpQuestion.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    return (rules["count"], rules["changed"], questions["count"], questions["changed"])


def _load() -> tuple[list[Rule], list[FollowUp]]:
    return rules_from_data(
        {
            "rules": [r.as_data() for r in TriageRule.objects.filter(is_active=True)],
            "questions": [q.as_data() for q in FollowUpQuestion.objects.all()],
        }
    )


def triage_engine() -> TriageEngine:
    """The engine over the current rules, rebuilt when a knowledge manager changed them."""
    global _engine
    revision = _revision()
    current = _engine
    if current is not None and current[0] == revision:
        return current[1]
    with _lock:
        if _engine is not None and _engine[0] == revision:
            return _engine[1]
        engine = TriageEngine(*_load())
        _engine = (revision, engine)
        return engine
