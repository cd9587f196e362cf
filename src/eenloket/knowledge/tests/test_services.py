import pytest
from django.utils import timezone

from eenloket.common.errors import AppendOnlyError, Conflict, DomainError, PermissionDenied
from eenloket.knowledge import services
from eenloket.knowledge.models import Article, ArticleVersion, Topic
from eenloket.knowledge.reference import TOPICS
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff

pytestmark = pytest.mark.django_db


def fields(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "title": "Parkeervergunning aanvragen",
        "organisation_code": "gemeente",
        "summary": "Zo vraagt u een parkeervergunning aan.",
        "body": "U vraagt de vergunning online aan.",
        "internal": "Let op de wachtlijst.",
        "what_to_bring": ["Kentekenbewijs", " ", "DigiD"],
        "costs": "",
        "keywords": ["parkeren"],
        "audience": "public",
        "topics": [Topic.objects.get(code="gemeente.verhuizing")],
        "life_events": [],
    }
    data.update(overrides)
    return data


def test_every_topic_has_a_published_article_with_what_to_bring() -> None:
    for code, _name in TOPICS:
        articles = Article.objects.filter(topics__code=code, status=Article.Status.PUBLISHED)
        assert articles.exists(), code
        assert any(a.what_to_bring for a in articles), code


def test_create_edit_publish_review_archive_keeps_every_version() -> None:
    editor = staff(Role.KNOWLEDGE_MANAGER)
    article = services.article_create(user=editor, **fields())
    assert article.status == Article.Status.DRAFT
    assert article.what_to_bring == ["Kentekenbewijs", "DigiD"]
    article = services.article_update(
        user=editor, article=article, version=1, note="Kosten erbij", **fields(costs="€ 50")
    )
    assert article.version == 2
    article = services.article_publish(user=editor, article=article)
    assert article.status == Article.Status.PUBLISHED and article.published_at
    article = services.article_review(user=editor, article=article)
    assert article.review_by > timezone.localdate()
    article = services.article_archive(user=editor, article=article)
    versions = list(ArticleVersion.objects.filter(article=article).order_by("pk"))
    assert [v.action for v in versions] == [
        "created",
        "edited",
        "published",
        "reviewed",
        "archived",
    ]
    assert versions[0].content["costs"] == "" and versions[1].content["costs"] == "€ 50"
    assert versions[1].changed_by == editor and versions[1].note == "Kosten erbij"


def test_versions_cannot_be_changed() -> None:
    version = ArticleVersion.objects.first()
    assert version is not None
    version.note = "rewritten history"
    with pytest.raises(AppendOnlyError):
        version.save()


def test_a_stale_edit_is_refused_and_changes_nothing() -> None:
    editor = staff(Role.KNOWLEDGE_MANAGER)
    article = services.article_create(user=editor, **fields())
    services.article_update(user=editor, article=article, version=1, **fields(title="Nieuw"))
    with pytest.raises(Conflict):
        services.article_update(user=editor, article=article, version=1, **fields(title="Oud"))
    article.refresh_from_db()
    assert article.title == "Nieuw"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": " "}, "title_required"),
        ({"topics": []}, "topics_required"),
        ({"body": ""}, "body_required"),
    ],
)
def test_incomplete_articles_are_refused(overrides, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as error:
        services.article_create(user=staff(Role.KNOWLEDGE_MANAGER), **fields(**overrides))
    assert error.value.code == code
    assert not Article.objects.filter(title="Parkeervergunning aanvragen").exists()


@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.SPECIALIST, Role.COORDINATOR])
def test_only_knowledge_managers_edit(role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.article_create(user=staff(role), **fields())


def test_publishing_twice_is_refused() -> None:
    article = Article.objects.filter(status=Article.Status.PUBLISHED).first()
    assert article is not None
    with pytest.raises(Conflict):
        services.article_publish(user=staff(Role.KNOWLEDGE_MANAGER), article=article)
