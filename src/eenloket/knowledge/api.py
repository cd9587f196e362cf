"""JSON operations on the knowledge base; the same selectors as the pages."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from eenloket.accounts.types import Actor, api_actor
from eenloket.organisations.models import KNOWLEDGE_READERS
from eenloket.organisations.selectors import require_role

from . import selectors

router = Router(tags=["knowledge"])

READERS = KNOWLEDGE_READERS


def _user(request: HttpRequest) -> Actor:
    return api_actor(request)


class SearchFilter(Schema):
    q: str = Field(..., min_length=1, max_length=500, description="What the person typed.")
    organisation: str = ""
    topic: str = ""
    audience: str = ""
    partial: bool = Field(
        False, description="The last word may be unfinished (search as you type)."
    )
    limit: int = Field(10, ge=1, le=10)


class SearchHitOut(Schema):
    id: int
    slug: str
    title: str
    organisation: str
    topics: list[str]
    audience: str
    snippet: str
    what_to_bring: list[str]


class ArticleOut(Schema):
    id: int
    slug: str
    title: str
    organisation: str = Field(..., alias="organisation_code")
    topics: list[str]
    life_events: list[str]
    summary: str
    body: str
    internal: str
    what_to_bring: list[str]
    costs: str
    audience: str
    status: str
    version: int
    review_by: str

    @staticmethod
    def resolve_topics(obj: Any) -> list[str]:
        return [t.code for t in obj.topics.all()]

    @staticmethod
    def resolve_life_events(obj: Any) -> list[str]:
        return [e.code for e in obj.life_events.all()]

    @staticmethod
    def resolve_review_by(obj: Any) -> str:
        return str(obj.review_by.isoformat())


@router.get("/knowledge/search", response=list[SearchHitOut], summary="Search the knowledge base")
def search(request: HttpRequest, filters: Query[SearchFilter]) -> list[dict[str, Any]]:
    require_role(_user(request), READERS)
    results = selectors.article_search(
        _user(request),
        filters.q,
        organisation=filters.organisation,
        topic=filters.topic,
        audience=filters.audience,
        limit=filters.limit,
        partial=filters.partial,
    )
    return [
        {
            "id": r.article.pk,
            "slug": r.article.slug,
            "title": r.article.title,
            "organisation": r.article.organisation_code,
            "topics": list(r.hit.document.topics),
            "audience": r.article.audience,
            "snippet": "".join(text for text, _marked in r.hit.snippet),
            "what_to_bring": r.article.what_to_bring,
        }
        for r in results
    ]


@router.get("/knowledge/articles/{article_id}", response=ArticleOut, summary="One article")
def article(request: HttpRequest, article_id: int) -> Any:
    require_role(_user(request), READERS)
    return selectors.article_get(_user(request), article_id=article_id)
