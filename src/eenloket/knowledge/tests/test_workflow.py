"""Every (state, action) pair of the article lifecycle, against a table written out here."""

import pytest

from eenloket.common.errors import Conflict
from eenloket.knowledge import services, workflow
from eenloket.knowledge.models import Article, ArticleVersion
from eenloket.knowledge.tests.test_services import fields
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff

pytestmark = pytest.mark.django_db
S = Article.Status

ALL_STATES = [S.DRAFT, S.PUBLISHED, S.ARCHIVED]
ACTIONS = ["publish", "archive"]
# (action, from) → to, written out rather than read from workflow.py; every other pair is refused.
MOVES = {
    ("publish", S.DRAFT): S.PUBLISHED,
    ("publish", S.ARCHIVED): S.PUBLISHED,
    ("archive", S.DRAFT): S.ARCHIVED,
    ("archive", S.PUBLISHED): S.ARCHIVED,
}


def test_every_state_and_action_is_in_the_test_table() -> None:
    assert set(ALL_STATES) == set(S.values)
    assert list(workflow.ARTICLE.actions) == ACTIONS


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_article_table_allows_exactly_the_listed_transitions(action: str, state: str) -> None:
    editor = staff(Role.KNOWLEDGE_MANAGER)
    article = services.article_create(user=editor, **fields())
    Article.objects.filter(pk=article.pk).update(status=state, published_at=None)
    article.refresh_from_db()
    perform = {"publish": services.article_publish, "archive": services.article_archive}[action]
    expected = MOVES.get((action, state))
    assert workflow.ARTICLE.target(action, state) == expected
    assert (action in workflow.ARTICLE.allowed(state)) == (expected is not None)
    if expected is None:
        with pytest.raises(Conflict) as exc:
            perform(user=editor, article=article)
        assert exc.value.code == "invalid_transition"
        article.refresh_from_db()
        assert article.status == state
        assert ArticleVersion.objects.filter(article=article).count() == 1
    else:
        perform(user=editor, article=article)
        article.refresh_from_db()
        assert article.status == expected
        assert (article.published_at is not None) == (action == "publish")
