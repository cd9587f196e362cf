import pytest

from eenloket.contacts.models import HelpRequest
from eenloket.triage.models import TriageRule

pytestmark = pytest.mark.django_db


def test_suggestions_update_from_the_typed_situation(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("specialist").post(
        "/workspace/triage/suggest/", {"story": "ik ben ontslagen"}, HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert "uwv.ww" in text and "ontslagen" in text
    assert "<html" not in text


def test_help_request_page_shows_triage_for_its_story(client_for) -> None:  # type: ignore[no-untyped-def]
    hr = HelpRequest.objects.get(resident__name="Jan de Boer")
    text = client_for("specialist").get(f"/workspace/help-requests/{hr.pk}/").content.decode()
    assert 'id="triage-panel"' in text


def test_knowledge_manager_changes_a_rule_and_it_applies(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("knowledge")
    response = client.post(
        "/workspace/triage/rules/new/",
        {
            "code": "parkeren",
            "label": "Parkeerkaart",
            "phrases": "parkeerkaart\ngehandicaptenparkeerkaart",
            "topics": "gemeente.wmo",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    result = client_for("specialist").post(
        "/workspace/triage/suggest/", {"text": "ik wil een parkeerkaart"}, HTTP_HX_REQUEST="true"
    )
    assert "gemeente.wmo" in result.content.decode()


def test_a_rule_with_an_unknown_topic_is_refused(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("knowledge").post(
        "/workspace/triage/rules/new/",
        {"code": "fout", "label": "Fout", "phrases": "iets", "topics": "gemeente.bestaatniet"},
    )
    assert response.status_code == 400
    assert "gemeente.bestaatniet" in response.content.decode()
    assert not TriageRule.objects.filter(code="fout").exists()


def test_seed_refresh_keeps_what_a_knowledge_manager_edited(client_for) -> None:  # type: ignore[no-untyped-def]
    from eenloket.triage.models import FollowUpQuestion
    from eenloket.triage.services import seed_rules_load

    edited = TriageRule.objects.order_by("pk")[0]
    untouched = TriageRule.objects.order_by("pk")[1]
    client_for("knowledge").post(
        f"/workspace/triage/rules/{edited.pk}/",
        {
            "label": "Eigen versie",
            "phrases": "eigen zin",
            "topics": "\n".join(edited.topics),
            "life_events": "\n".join(edited.life_events),
            "is_active": "on",
        },
    )
    TriageRule.objects.filter(pk=untouched.pk).update(phrases=["verouderd"])
    seed_rules_load(rule_model=TriageRule, question_model=FollowUpQuestion)
    edited.refresh_from_db()
    untouched.refresh_from_db()
    assert edited.phrases == ["eigen zin"]
    assert untouched.phrases != ["verouderd"]
