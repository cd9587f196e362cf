"""Reads of the knowledge base, scoped to the viewer, and the search engine fed from it."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from eenloket.accounts.types import Actor
from eenloket.common.cache import RevisionCache
from eenloket.common.errors import NotFound
from eenloket.organisations.models import KNOWLEDGE_EDITORS
from eenloket.organisations.selectors import membership_of

from .models import Article, ArticleVersion, Audience, Lesson, Topic
from .search import Document, Filters, Hit, SearchEngine

SYNONYMS_FILE = Path(__file__).resolve().parent / "seed" / "synonyms.json"


def can_edit(user: Actor) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role in KNOWLEDGE_EDITORS


def audiences_for(user: Actor) -> frozenset[str]:
    """Staff read the internal articles too; everyone else only the public ones."""
    if membership_of(user) is not None:
        return frozenset({Audience.PUBLIC, Audience.STAFF})
    return frozenset({Audience.PUBLIC})


def articles_for(user: Actor) -> QuerySet[Article]:
    """Knowledge managers see every article; others the published ones for their audience."""
    articles = Article.objects.all()
    if not can_edit(user):
        articles = articles.filter(
            status=Article.Status.PUBLISHED, audience__in=audiences_for(user)
        )
    return articles


def article_list(
    user: Actor, *, status: str = "", topic: str = "", overdue: bool = False
) -> QuerySet[Article]:
    articles = articles_for(user).prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("code"))
    )
    if status:
        articles = articles.filter(status=status)
    if topic:
        articles = articles.filter(topics__code=topic)
    if overdue:
        articles = articles.filter(review_by__lt=timezone.localdate()).exclude(
            status=Article.Status.ARCHIVED
        )
        return articles.order_by("review_by", "title")
    return articles.order_by("title")


def article_get(user: Actor, *, article_id: int) -> Article:
    try:
        return articles_for(user).prefetch_related("topics", "life_events").get(pk=article_id)
    except Article.DoesNotExist:
        raise NotFound("not_found", "Unknown article.") from None


def _field_label(name: str) -> str:
    field = Article._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def article_versions(article: Article, limit: int = 20) -> list[tuple[ArticleVersion, list[str]]]:
    """The newest versions, each with the names of the fields it changed (what changed)."""
    versions = list(
        article.versions.select_related("changed_by").order_by("-changed_at", "-pk")[: limit + 1]
    )
    changes = []
    for index, version in enumerate(versions[:limit]):
        before = versions[index + 1].content if index + 1 < len(versions) else {}
        changed = [
            _field_label(name)
            for name, value in version.content.items()
            if before and before.get(name) != value
        ]
        changes.append((version, changed))
    return changes


def articles_for_topics(user: Actor, topic_codes: list[str]) -> QuerySet[Article]:
    """The published articles about any of these topics, e.g. for a help request."""
    return (
        articles_for(user)
        .filter(status=Article.Status.PUBLISHED, topics__code__in=topic_codes)
        .distinct()
        .order_by("title")
    )


# --- search -------------------------------------------------------------------------------------


def search_synonyms() -> dict[str, list[str]]:
    """Phrases people use and the words they stand for, maintained with the seed content."""
    data: dict[str, list[str]] = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    return data


def _revision() -> Any:
    """Changes whenever an article is added, changed, published or archived: every such write
    appends an ArticleVersion, so the newest version is a one-row index lookup. Its time is part
    of the key because a database that was emptied and refilled may reuse ids."""
    return ArticleVersion.objects.order_by("-pk").values_list("pk", "changed_at").first()


def _build_search_engine() -> SearchEngine:
    published = Article.objects.filter(status=Article.Status.PUBLISHED).prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("code"))
    )
    documents = [
        Document(
            id=article.pk,
            slug=article.slug,
            title=article.title,
            organisation=article.organisation_code,
            topics=tuple(sorted(t.code for t in article.topics.all())),
            audience=article.audience,
            summary=article.summary,
            body=article.body,
            keywords=tuple(article.keywords),
        )
        for article in published.iterator(chunk_size=2000)
    ]
    return SearchEngine(documents, synonyms=search_synonyms())


_engine = RevisionCache(_revision, _build_search_engine)


def search_engine() -> SearchEngine:
    """The engine over all published articles, rebuilt when the knowledge base changed."""
    return _engine.get()


# Search ranks articles on the topics a question is about higher. Which topics those are is the
# triage engine's knowledge, and triage sits above knowledge (it reads the topics), so the hints
# arrive through this port: triage plugs its engine in when the app registry is ready
# (`TriageConfig.ready`). Without it, search works on words alone.
TopicHinter = Callable[[str], Sequence[str]]
_topic_hinters: list[TopicHinter] = []


def topic_hinter_register(hinter: TopicHinter) -> None:
    """Let `hinter` tell search which topics a query is about (one hinter; the last one wins)."""
    _topic_hinters[:] = [hinter]


def topic_hints(query: str) -> Sequence[str]:
    return _topic_hinters[0](query) if _topic_hinters else ()


@dataclass(frozen=True)
class SearchResult:
    hit: Hit
    article: Article


def article_search(
    user: Actor,
    query: str,
    *,
    organisation: str = "",
    topic: str = "",
    audience: str = "",
    limit: int = 10,
    partial: bool = False,
) -> list[SearchResult]:
    """The best published articles for a query within what the viewer may read."""
    query = query.strip()
    if not query:
        return []
    audiences = audiences_for(user)
    if audience:
        audiences = audiences & {audience}
    filters = Filters(organisation=organisation or None, topic=topic or None, audiences=audiences)
    hints = topic_hints(query)
    hits = search_engine().search(
        query, filters=filters, topic_hints=hints, limit=limit, partial=partial
    )
    articles = Article.objects.in_bulk([h.document.id for h in hits])
    return [SearchResult(h, articles[h.document.id]) for h in hits if h.document.id in articles]


def command_search(query: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Search as the command line and the evaluation do: every published article, staff view."""
    hits = search_engine().search(query, topic_hints=topic_hints(query), limit=limit)
    return [
        {"article": h.document.slug, "title": h.document.title, "topics": list(h.document.topics)}
        for h in hits
    ]


def knowledge_overview(user: Actor) -> dict[str, Any]:
    """For the knowledge manager's home: articles per status, overdue, topics not covered."""
    articles = articles_for(user)
    per_status = dict(
        articles.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    overdue = (
        articles.filter(review_by__lt=timezone.localdate())
        .exclude(status=Article.Status.ARCHIVED)
        .count()
    )
    uncovered = Topic.objects.exclude(articles__status=Article.Status.PUBLISHED).order_by("code")
    return {
        "statuses": [(label, per_status.get(value, 0)) for value, label in Article.Status.choices],
        "overdue": overdue,
        "uncovered": list(uncovered),
    }


def lessons_open() -> QuerySet[Lesson]:
    return Lesson.objects.filter(status=Lesson.Status.OPEN).select_related(
        "topic", "article", "created_by", "municipality"
    )


def lessons_handled() -> QuerySet[Lesson]:
    return (
        Lesson.objects.exclude(status=Lesson.Status.OPEN)
        .select_related("topic", "article", "handled_by")
        .order_by("-handled_at")
    )
