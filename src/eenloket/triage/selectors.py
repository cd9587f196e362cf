"""Reads of the triage rules, and the engine fed from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet

from eenloket.accounts.types import Actor
from eenloket.common.cache import RevisionCache
from eenloket.common.errors import NotFound
from eenloket.knowledge.models import LifeEvent, Topic
from eenloket.knowledge.selectors import articles_for_topics

from .engine import FollowUp, Rule, TriageEngine, rules_from_data
from .models import FollowUpQuestion, TriageRule


def rules_all() -> QuerySet[TriageRule]:
    return TriageRule.objects.order_by("code")


def questions_all() -> QuerySet[FollowUpQuestion]:
    return FollowUpQuestion.objects.order_by("code")


def rule_get(*, rule_id: int) -> TriageRule:
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


_engine = RevisionCache(_revision, lambda: TriageEngine(*_load()))


def triage_engine() -> TriageEngine:
    """The engine over the current rules, rebuilt when a knowledge manager changed them."""
    return _engine.get()


def triage_topics(text: str) -> tuple[str, ...]:
    """The topic codes the engine reads in `text` (knowledge's search ranks on them)."""
    return tuple(triage_engine().triage(text).topics)


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str
    because: tuple[str, ...]
    rule: str


@dataclass
class Suggestions:
    agencies: list[str]
    topics: list[Suggestion]
    life_events: list[Suggestion]
    questions: list[Any]
    articles: list[Any]
    text: str
    answers: dict[str, str]


MAX_TEXT_CHARS = 10_000


def triage_suggestions(
    user: Actor, text: str, answers: dict[str, str] | None = None
) -> Suggestions:
    """The engine's suggestions for a situation, with names, explanations and articles."""
    result = triage_engine().triage(text[:MAX_TEXT_CHARS], answers or {})
    topic_names = dict(Topic.objects.filter(code__in=result.topics).values_list("code", "name"))
    event_names = dict(
        LifeEvent.objects.filter(code__in=result.life_events).values_list("code", "name")
    )
    why = {(e.kind, e.code): e for e in result.explanations}
    return Suggestions(
        agencies=result.agencies,
        topics=[
            Suggestion(c, topic_names.get(c, c), why[("topic", c)].because, why[("topic", c)].rule)
            for c in result.topics
        ],
        life_events=[
            Suggestion(
                c,
                event_names.get(c, c),
                why[("life_event", c)].because,
                why[("life_event", c)].rule,
            )
            for c in result.life_events
        ],
        questions=result.questions,
        articles=list(articles_for_topics(user, result.topics)[:8]) if result.topics else [],
        text=text,
        answers=dict(answers or {}),
    )
