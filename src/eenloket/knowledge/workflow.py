"""The article lifecycle as a table; services enforce it."""

from __future__ import annotations

from .models import Article

S = Article.Status

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # action: (allowed from, to)
    "publish": (frozenset({S.DRAFT, S.ARCHIVED}), S.PUBLISHED),
    "archive": (frozenset({S.DRAFT, S.PUBLISHED}), S.ARCHIVED),
}


def target(action: str, current: str) -> str | None:
    """The status `action` leads to from `current`, or None when the move is not allowed."""
    allowed_from, to = TRANSITIONS[action]
    return to if current in allowed_from else None
