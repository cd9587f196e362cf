"""Writes of the knowledge base: reference data, articles and their versions."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eenloket.accounts.types import Actor, require_account
from eenloket.common.errors import Conflict, DomainError
from eenloket.organisations.models import KNOWLEDGE_EDITORS
from eenloket.organisations.selectors import membership_of, require_counter_staff, require_role

from . import workflow
from .models import Article, ArticleVersion, Lesson, LifeEvent, SearchLog, Topic
from .reference import AGENCIES, LIFE_EVENTS, TOPICS

SEED_DIR = Path(__file__).resolve().parent / "seed"
SEED_FILES = ("articles_a.json", "articles_b.json")
# How long an article stays current before someone must read it again.
REVIEW_INTERVAL = timedelta(days=365)
EDITOR_ROLES = KNOWLEDGE_EDITORS

# The article fields a version keeps, besides topics and life events.
CONTENT_FIELDS = (
    "title",
    "organisation_code",
    "summary",
    "body",
    "internal",
    "what_to_bring",
    "costs",
    "keywords",
    "audience",
)


def reference_data_load(
    *, organisation_model: Any, topic_model: Any, life_event_model: Any
) -> None:
    """Create or refresh the stable agencies, topics and life events; takes models so a
    migration can pass its historical ones."""
    for code, name, website in AGENCIES:
        organisation_model.objects.update_or_create(
            code=code, defaults={"name": name, "kind": "agency", "website": website}
        )
    for code, name in TOPICS:
        topic_model.objects.update_or_create(
            code=code, defaults={"name": name, "organisation_code": code.split(".")[0]}
        )
    for code, name in LIFE_EVENTS:
        life_event_model.objects.update_or_create(code=code, defaults={"name": name})


def seed_articles() -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    for name in SEED_FILES:
        articles.extend(json.loads((SEED_DIR / name).read_text(encoding="utf-8")))
    return articles


def _snapshot(article: Any, topics: list[str], life_events: list[str]) -> dict[str, Any]:
    content = {name: getattr(article, name) for name in CONTENT_FIELDS}
    content["topics"] = sorted(topics)
    content["life_events"] = sorted(life_events)
    return content


def seed_articles_load(
    *, article_model: Any, version_model: Any, topic_model: Any, life_event_model: Any
) -> int:
    """Publish the team's seed articles that are not in the database yet; never overwrites an
    article a knowledge manager may have changed. Takes models so a migration can use it."""
    existing = set(article_model.objects.values_list("slug", flat=True))
    topics = {t.code: t for t in topic_model.objects.all()}
    life_events = {e.code: e for e in life_event_model.objects.all()}
    now = timezone.now()
    created = 0
    for data in seed_articles():
        if data["slug"] in existing:
            continue
        article = article_model.objects.create(
            slug=data["slug"],
            status="published",
            published_at=now,
            review_by=now.date() + REVIEW_INTERVAL,
            version=1,
            **{name: data[name] for name in CONTENT_FIELDS if name != "organisation_code"},
            organisation_code=data["organisation"],
        )
        article.topics.set([topics[c] for c in data["topics"]])
        article.life_events.set([life_events[c] for c in data["life_events"]])
        version_model.objects.create(
            article=article,
            number=1,
            action="published",
            note="Startinhoud",
            content=_snapshot(article, data["topics"], data["life_events"]),
        )
        created += 1
    return created


def _record(article: Article, *, user: Actor, action: str, note: str = "") -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        changed_by=require_account(user),
        action=action,
        note=note[:300],
        content=_snapshot(
            article,
            [t.code for t in article.topics.all()],
            [e.code for e in article.life_events.all()],
        ),
    )


def _clean_list(items: list[str]) -> list[str]:
    return [item.strip() for item in items if item and item.strip()]


def _apply(
    article: Article,
    *,
    title: str,
    organisation_code: str,
    summary: str,
    body: str,
    internal: str,
    what_to_bring: list[str],
    costs: str,
    keywords: list[str],
    audience: str,
    topics: list[Topic],
    life_events: list[LifeEvent],
    review_by: date | None,
) -> None:
    if not title.strip():
        raise DomainError("title_required", _("Give the article a title."), field="title")
    if not topics:
        raise DomainError("topics_required", _("Choose at least one topic."), field="topics")
    if not body.strip():
        raise DomainError("body_required", _("Write the text for residents."), field="body")
    article.title = title.strip()
    article.organisation_code = organisation_code
    article.summary = summary.strip()
    article.body = body.strip()
    article.internal = internal.strip()
    article.what_to_bring = _clean_list(what_to_bring)
    article.costs = costs.strip()
    article.keywords = _clean_list(keywords)
    article.audience = audience
    if review_by is not None:
        article.review_by = review_by
    article.save()
    article.topics.set(topics)
    article.life_events.set(life_events)


@transaction.atomic
def article_create(*, user: Actor, topics: list[Topic], **fields: Any) -> Article:
    """A knowledge manager writes a new article; it starts as a draft."""
    require_role(user, EDITOR_ROLES)
    slug = slugify(fields.get("title", ""))[:100] or "artikel"
    base, counter = slug, 2
    while Article.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    article = Article(
        slug=slug,
        owner=require_account(user),
        status=Article.Status.DRAFT,
        review_by=timezone.localdate() + REVIEW_INTERVAL,
    )
    _apply(article, topics=topics, **{"review_by": None, **fields})
    _record(article, user=user, action="created", note=_("New article"))
    return article


@transaction.atomic
def article_update(
    *,
    user: Actor,
    article: Article,
    version: int,
    note: str = "",
    topics: list[Topic],
    **fields: Any,
) -> Article:
    """Save a change as a new version; refused when someone else saved in the meantime."""
    require_role(user, EDITOR_ROLES)
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if locked.version != version:
        raise Conflict(
            "stale_version",
            _("Someone else changed this article in the meantime. Reload it and try again."),
        )
    locked.version += 1
    _apply(locked, topics=topics, **{"review_by": None, **fields})
    _record(locked, user=user, action="edited", note=note or _("Text changed"))
    return locked


def _transition(*, user: Actor, article: Article, action: str, note: str = "") -> Article:
    require_role(user, EDITOR_ROLES)
    locked = Article.objects.select_for_update().get(pk=article.pk)
    workflow.ARTICLE.apply(locked, action)
    locked.save(update_fields=["status", "published_at", "updated_at"])
    recorded = {
        "publish": ArticleVersion.Action.PUBLISHED,
        "archive": ArticleVersion.Action.ARCHIVED,
    }
    _record(locked, user=user, action=recorded[action], note=note)
    return locked


@transaction.atomic
def article_publish(*, user: Actor, article: Article) -> Article:
    """Make the article findable for staff (and residents when its audience is public)."""
    return _transition(user=user, article=article, action="publish")


@transaction.atomic
def article_archive(*, user: Actor, article: Article) -> Article:
    """Take the article out of search; its versions stay."""
    return _transition(user=user, article=article, action="archive")


@transaction.atomic
def article_review(*, user: Actor, article: Article, note: str = "") -> Article:
    """Confirm the article is still correct; its next review date moves a year on."""
    require_role(user, EDITOR_ROLES)
    locked = Article.objects.select_for_update().get(pk=article.pk)
    locked.reviewed_at = timezone.now()
    locked.review_by = timezone.localdate() + REVIEW_INTERVAL
    locked.save(update_fields=["reviewed_at", "review_by", "updated_at"])
    _record(locked, user=user, action="reviewed", note=note or _("Checked and still correct"))
    return locked


@transaction.atomic
def lesson_suggest(*, user: Actor, topic: Topic, text: str) -> Lesson:
    """A counter worker shares what they learned; it reaches the knowledge managers as a
    suggestion for the topic's article. No personal data: it is not linked to the case."""
    _membership, municipality_id = require_counter_staff(user)
    text = text.strip()
    if not text:
        raise DomainError("text_required", _("Write what you learned."), field="text")
    article = (
        Article.objects.filter(topics=topic, status=Article.Status.PUBLISHED)
        .order_by("title")
        .first()
    )
    return Lesson.objects.create(
        topic=topic,
        article=article,
        text=text,
        municipality_id=municipality_id,
        created_by=require_account(user),
    )


@transaction.atomic
def lesson_handle(*, user: Actor, lesson: Lesson, applied: bool, note: str = "") -> Lesson:
    """A knowledge manager marks a lesson as used in the article, or dismisses it with a note."""
    require_role(user, EDITOR_ROLES)
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if lesson.status != Lesson.Status.OPEN:
        raise Conflict("lesson_handled", _("This suggestion has already been handled."))
    if not applied and not note.strip():
        raise DomainError("note_required", _("Say why it is dismissed."), field="note")
    lesson.status = Lesson.Status.APPLIED if applied else Lesson.Status.DISMISSED
    lesson.handled_by = require_account(user)
    lesson.handled_at = timezone.now()
    lesson.handling_note = note.strip()[:300]
    lesson.save(update_fields=["status", "handled_by", "handled_at", "handling_note"])
    return lesson


# Live search asks at every pause in typing; queries this close together are one search.
SEARCH_FOLD_WINDOW = timedelta(minutes=2)
SEARCH_TERMS_LENGTH = 120
_LONG_NUMBER = re.compile(r"\d[\d .-]{4,}\d")


def search_terms(query: str) -> str:
    """The words of a query as the search log keeps them: lower case, single spaces, and without
    long numbers (a BSN, phone or case number says nothing about what is missing)."""
    words = _LONG_NUMBER.sub(" ", query.lower())
    return " ".join(words.split())[:SEARCH_TERMS_LENGTH]


def search_record(*, user: Actor, query: str, results: int) -> SearchLog | None:
    """Log a knowledge search, folding the steps of live typing into one row."""
    membership = membership_of(user)
    terms = search_terms(query)
    if membership is None or membership.organisation is None or not terms:
        return None
    account = require_account(user)
    now = timezone.now()
    last = (
        SearchLog.objects.filter(user=account, updated_at__gte=now - SEARCH_FOLD_WINDOW)
        .order_by("-updated_at")
        .first()
    )
    if (
        last is not None
        and last.opened_id is None
        and (terms.startswith(last.terms) or last.terms.startswith(terms))
    ):
        last.terms, last.results, last.updated_at = terms, results, now
        last.save(update_fields=["terms", "results", "updated_at"])
        return last
    return SearchLog.objects.create(
        organisation=membership.organisation,
        user=account,
        terms=terms,
        results=results,
        created_at=now,
        updated_at=now,
    )


def search_opened(*, user: Actor, search_id: int, article: Article) -> None:
    """Note the first article a worker opened from their own search's results."""
    SearchLog.objects.filter(pk=search_id, user=require_account(user), opened__isnull=True).update(
        opened=article
    )
