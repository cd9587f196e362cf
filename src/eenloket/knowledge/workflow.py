"""The article lifecycle as a table; services enforce it, the article page asks it which
actions to offer.

draft → published ⇄ archived; a draft can also be archived without ever being published.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from eenloket.common.errors import Conflict
from eenloket.common.workflow import Refusal, Transition, Workflow

from .models import Article

S = Article.Status


def _stamp_published(article: Article, **_context: Any) -> None:
    article.published_at = timezone.now()


ARTICLE = Workflow(
    [
        Transition("publish", {S.DRAFT, S.ARCHIVED}, S.PUBLISHED, effect=_stamp_published),
        Transition("archive", {S.DRAFT, S.PUBLISHED}, S.ARCHIVED),
    ],
    states=S.choices,
    refused=Refusal(
        Conflict,
        "invalid_transition",
        gettext_lazy("This article cannot be changed that way now (%(status)s)."),
    ),
)
