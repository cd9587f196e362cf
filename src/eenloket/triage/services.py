"""Writes of the triage rules: the seed set, and knowledge managers' changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.accounts.types import Actor, require_account
from eenloket.common.errors import DomainError
from eenloket.knowledge.reference import LIFE_EVENTS, TOPICS
from eenloket.organisations.models import KNOWLEDGE_EDITORS
from eenloket.organisations.selectors import require_role

from .models import FollowUpQuestion, TriageRule

SEED_FILE = Path(__file__).resolve().parent / "seed" / "rules.json"
EDITOR_ROLES = KNOWLEDGE_EDITORS
TOPIC_CODES = frozenset(code for code, _name in TOPICS)
LIFE_EVENT_CODES = frozenset(code for code, _name in LIFE_EVENTS)


def seed_rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    return data


def seed_rules_load(*, rule_model: Any, question_model: Any) -> int:
    """Add the team's seed rules and questions, and refresh the seeded rules nobody has changed
    since (no `updated_by`); a rule a knowledge manager edited is never overwritten. Takes models
    so a migration can use it. Returns the number of rules added or refreshed."""
    data = seed_rules()
    for question in data["questions"]:
        question_model.objects.update_or_create(
            code=question["code"], defaults={k: v for k, v in question.items() if k != "code"}
        )
    edited = set(rule_model.objects.filter(updated_by__isnull=False).values_list("code", flat=True))
    changed = 0
    for rule in data["rules"]:
        if rule["code"] in edited:
            continue
        fields = {"requires": [], "unless": [], "questions": [], **rule}
        code = fields.pop("code")
        current = rule_model.objects.filter(code=code).first()
        if current is not None and all(getattr(current, k) == v for k, v in fields.items()):
            continue
        rule_model.objects.update_or_create(code=code, defaults=fields)
        changed += 1
    return changed


def _validate(
    *, phrases: list[str], topics: list[str], life_events: list[str], questions: list[str]
) -> None:
    if not phrases:
        raise DomainError("phrases_required", _("Give at least one phrase."), field="phrases")
    unknown = sorted(set(topics) - TOPIC_CODES)
    if unknown:
        raise DomainError(
            "unknown_topic",
            _("Unknown topic code: %(codes)s") % {"codes": ", ".join(unknown)},
            field="topics",
        )
    unknown = sorted(set(life_events) - LIFE_EVENT_CODES)
    if unknown:
        raise DomainError(
            "unknown_life_event",
            _("Unknown life event code: %(codes)s") % {"codes": ", ".join(unknown)},
            field="life_events",
        )
    if not topics and not life_events:
        raise DomainError(
            "nothing_suggested",
            _("A rule must suggest at least one topic or life event."),
            field="topics",
        )
    known = set(FollowUpQuestion.objects.filter(code__in=questions).values_list("code", flat=True))
    unknown = sorted(set(questions) - known)
    if unknown:
        raise DomainError(
            "unknown_question",
            _("Unknown follow-up question: %(codes)s") % {"codes": ", ".join(unknown)},
            field="questions",
        )


@transaction.atomic
def triage_rule_save(
    *,
    user: Actor,
    rule: TriageRule | None,
    code: str,
    label: str,
    phrases: list[str],
    requires: list[str],
    unless: list[str],
    topics: list[str],
    life_events: list[str],
    questions: list[str],
    is_active: bool = True,
) -> TriageRule:
    """A knowledge manager adds or changes a rule; it applies to the next triage."""
    require_role(user, EDITOR_ROLES)
    _validate(phrases=phrases, topics=topics, life_events=life_events, questions=questions)
    if rule is None:
        if TriageRule.objects.filter(code=code).exists():
            raise DomainError("duplicate_code", _("A rule with this code exists."), field="code")
        rule = TriageRule(code=code)
    rule.label = label.strip() or code
    rule.phrases = phrases
    rule.requires = requires
    rule.unless = unless
    rule.topics = topics
    rule.life_events = life_events
    rule.questions = questions
    rule.is_active = is_active
    rule.updated_by = require_account(user)
    rule.save()
    return rule
