import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eenloket.knowledge.models import Article

pytestmark = pytest.mark.django_db


def test_search_page_shows_results_with_what_to_bring(client_for) -> None:  # type: ignore[no-untyped-def]
    body = client_for("frontoffice").get("/workspace/knowledge/?q=paspoort+aanvragen").content
    text = body.decode()
    assert "Paspoort of ID-kaart aanvragen" in text
    assert "<mark>" in text
    assert "<details" in text and "pasfoto" in text


def test_search_as_you_type_returns_only_the_results(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("frontoffice").get(
        "/workspace/knowledge/?q=huurtoe", HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert "<html" not in text
    assert "Huurtoeslag" in text


def test_search_rejects_overlong_queries_clearly(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("frontoffice").get("/workspace/knowledge/", {"q": "x" * 600})
    assert response.status_code == 400
    assert "500" in response.content.decode()


def edit_form(article: Article, **changes: str) -> dict:  # type: ignore[type-arg]
    return {
        "title": article.title,
        "organisation_code": article.organisation_code,
        "topics": [t.code for t in article.topics.all()],
        "summary": article.summary,
        "body": article.body,
        "internal": article.internal,
        "what_to_bring": "\n".join(article.what_to_bring),
        "costs": article.costs,
        "keywords": "\n".join(article.keywords),
        "audience": article.audience,
        "version": str(article.version),
        **changes,
    }


def test_staff_only_articles_are_not_for_residents_but_are_for_staff(client_for) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    from eenloket.knowledge.selectors import article_search

    article = Article.objects.get(slug="paspoort-of-id-kaart-aanvragen")
    response = client_for("knowledge").post(
        f"/workspace/knowledge/articles/{article.pk}/edit/", edit_form(article, audience="staff")
    )
    assert response.status_code == 302
    public = [r.article.slug for r in article_search(AnonymousUser(), "paspoort aanvragen")]
    assert article.slug not in public
    staff_page = client_for("frontoffice").get("/workspace/knowledge/?q=paspoort+aanvragen")
    assert "Paspoort of ID-kaart aanvragen" in staff_page.content.decode()


def test_knowledge_manager_edits_and_publishes_in_the_pages(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("knowledge")
    article = Article.objects.get(slug="paspoort-of-id-kaart-aanvragen")
    form = {
        "title": article.title,
        "organisation_code": "gemeente",
        "topics": ["gemeente.paspoort_id"],
        "summary": article.summary,
        "body": article.body,
        "internal": article.internal,
        "what_to_bring": "Pasfoto\nOude paspoort",
        "costs": article.costs,
        "keywords": "paspoort",
        "audience": "public",
        "note": "Lijst ingekort",
        "version": str(article.version),
    }
    response = client.post(f"/workspace/knowledge/articles/{article.pk}/edit/", form)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.what_to_bring == ["Pasfoto", "Oude paspoort"]
    assert article.version == 2
    detail = client.get(f"/workspace/knowledge/articles/{article.pk}/").content.decode()
    assert "Lijst ingekort" in detail
    # The same form again carries the old version number: refused, nothing changed.
    response = client.post(
        f"/workspace/knowledge/articles/{article.pk}/edit/", {**form, "title": "X"}
    )
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.title != "X"


def test_new_article_starts_as_draft_and_is_found_once_published(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("knowledge")
    response = client.post(
        "/workspace/knowledge/articles/new/",
        {
            "title": "Gehandicaptenparkeerkaart",
            "organisation_code": "gemeente",
            "topics": ["gemeente.wmo"],
            "summary": "Een parkeerkaart als u slecht ter been bent.",
            "body": "U vraagt de gehandicaptenparkeerkaart aan bij de gemeente.",
            "what_to_bring": "Pasfoto",
            "audience": "public",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Gehandicaptenparkeerkaart")
    assert article.status == Article.Status.DRAFT
    search = client_for("frontoffice").get("/workspace/knowledge/?q=gehandicaptenparkeerkaart")
    assert "Gehandicaptenparkeerkaart" not in search.content.decode()
    client.post(f"/workspace/knowledge/articles/{article.pk}/publish/")
    search = client_for("frontoffice").get("/workspace/knowledge/?q=gehandicaptenparkeerkaart")
    assert "Gehandicaptenparkeerkaart" in search.content.decode()


def test_overdue_list_shows_articles_past_their_review_date(client_for) -> None:  # type: ignore[no-untyped-def]
    Article.objects.filter(slug="rijbewijs-verlengen").update(review_by=dt.date(2020, 1, 1))
    body = client_for("knowledge").get("/workspace/knowledge/articles/?overdue=1").content.decode()
    assert "Rijbewijs verlengen" in body
    assert "Paspoort of ID-kaart aanvragen" not in body


def test_article_list_runs_as_many_queries_for_many_rows_as_for_one(client_for) -> None:  # type: ignore[no-untyped-def]
    """Each row lists the article's topics: prefetched, so more rows are not more queries."""
    client = client_for("knowledge")
    url = "/workspace/knowledge/articles/?overdue=1"
    Article.objects.update(review_by=dt.date(2999, 1, 1))
    with_topics = list(Article.objects.filter(topics__isnull=False).distinct().order_by("pk")[:12])

    def overdue_page(articles: list[Article]) -> tuple[int, str]:
        Article.objects.filter(pk__in=[a.pk for a in articles]).update(
            review_by=dt.date(2020, 1, 1)
        )
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).content.decode()
        return len(ctx.captured_queries), body

    client.get(url)
    one, _ = overdue_page(with_topics[:1])
    many, body = overdue_page(with_topics)
    assert len(with_topics) == 12
    assert all(f"<code>{t.code}</code>" in body for a in with_topics for t in a.topics.all())
    assert many == one
