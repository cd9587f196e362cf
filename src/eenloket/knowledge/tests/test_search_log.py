"""The search log: one row per search a worker meant, words without numbers, what was opened."""

import pytest
from django.contrib.auth import get_user_model

from eenloket.knowledge.models import Article, SearchLog
from eenloket.knowledge.services import search_terms

pytestmark = pytest.mark.django_db


def test_terms_lose_long_numbers_and_case() -> None:
    assert search_terms("  Huurtoeslag  BSN 111222333 ") == "huurtoeslag bsn"
    assert search_terms("bel 06-12345678 terug") == "bel terug"
    assert search_terms("1234 AB") == "1234 ab"  # a postcode's digits are too short to matter


def test_live_typing_becomes_one_search_with_its_final_words(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("frontoffice")
    for typed in ("huur", "huurtoe", "huurtoeslag"):
        client.get("/workspace/knowledge/", {"q": typed}, HTTP_HX_REQUEST="true")
    client.get("/workspace/knowledge/", {"q": "paspoort"}, HTTP_HX_REQUEST="true")
    logs = list(SearchLog.objects.order_by("created_at").values_list("terms", flat=True))
    assert logs == ["huurtoeslag", "paspoort"]
    first = SearchLog.objects.get(terms="huurtoeslag")
    assert first.results > 0
    assert first.organisation.code == "gemeente-utrecht"


def test_opening_a_result_marks_the_search_as_found(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("frontoffice")
    page = client.get("/workspace/knowledge/", {"q": "paspoort aanvragen"}).content.decode()
    log = SearchLog.objects.get()
    assert f"?zoek={log.pk}" in page
    article = Article.objects.get(title="Paspoort of ID-kaart aanvragen")
    client.get(f"/workspace/knowledge/articles/{article.pk}/", {"zoek": log.pk})
    log.refresh_from_db()
    assert log.opened == article


def test_nobody_can_mark_someone_elses_search(client_for) -> None:  # type: ignore[no-untyped-def]
    client_for("frontoffice").get("/workspace/knowledge/", {"q": "paspoort"})
    log = SearchLog.objects.get()
    article = Article.objects.filter(status=Article.Status.PUBLISHED).first()
    assert article is not None
    client_for("specialist").get(f"/workspace/knowledge/articles/{article.pk}/", {"zoek": log.pk})
    log.refresh_from_db()
    assert log.opened is None


def test_a_search_without_results_is_kept_as_such(client_for) -> None:  # type: ignore[no-untyped-def]
    client_for("frontoffice").get("/workspace/knowledge/", {"q": "qwxzy vlorp"})
    log = SearchLog.objects.get()
    assert (log.terms, log.results, log.opened) == ("qwxzy vlorp", 0, None)
    assert log.user == get_user_model().objects.get(username="frontoffice")
