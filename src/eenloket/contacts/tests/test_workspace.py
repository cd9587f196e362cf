"""The counter workspace: contacts with the article used, the worklist, triage decisions,
consent, handing to a colleague, follow-ups and lessons."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from eenloket.audit.models import AccessLogEntry
from eenloket.common.errors import Conflict, DomainError
from eenloket.contacts import selectors, services
from eenloket.contacts.models import Channel, HelpRequest, SuggestionDecision, TimelineEvent
from eenloket.knowledge.models import Article, Lesson, Topic
from eenloket.knowledge.services import lesson_handle, lesson_suggest
from eenloket.organisations.models import Organisation, Role
from eenloket.organisations.tests.factories import LocationFactory, staff
from eenloket.residents.models import Consent
from eenloket.residents.services import consent_record
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():  # type: ignore[no-untyped-def]
    front = staff(Role.FRONT_OFFICE)
    municipality = front.membership.organisation
    location = LocationFactory(municipality=municipality)
    front.membership.location = location
    front.membership.save()
    specialist = staff(Role.SPECIALIST, organisation=municipality)
    colleague = staff(Role.SPECIALIST, organisation=municipality)
    resident = ResidentFactory(municipality=municipality)
    return front, specialist, colleague, resident


def test_the_article_used_is_recorded_on_the_contact(team) -> None:  # type: ignore[no-untyped-def]
    front, *_ = team
    article = Article.objects.get(slug="paspoort-of-id-kaart-aanvragen")
    contact = services.contact_register(
        user=front,
        channel=Channel.WALK_IN,
        question="Wat kost een paspoort?",
        answer="Zie tarieven",
        outcome="answered",
        article=article,
    )
    assert contact.article == article
    assert contact.topic is not None and contact.topic.code == "gemeente.paspoort_id"


def test_a_handed_on_walk_in_waits_at_its_location(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, _, resident = team
    contact = services.contact_register(
        user=front, channel=Channel.WALK_IN, question="Ontslagen", resident=resident
    )
    help_request = services.contact_hand_on(user=front, contact=contact, story="")
    assert help_request.channel == Channel.WALK_IN
    assert help_request.location == front.membership.location
    lists = selectors.worklist(user=specialist, location_id=front.membership.location_id)
    assert help_request in lists["waiting"]
    other = LocationFactory(municipality=front.membership.organisation)
    assert help_request not in selectors.worklist(user=specialist, location_id=other.pk)["waiting"]
    services.help_request_take(user=specialist, help_request=help_request)
    lists = selectors.worklist(user=specialist)
    assert help_request not in lists["waiting"] and help_request in lists["mine"]


def test_due_follow_ups_are_on_the_worklist(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    past = timezone.now() - dt.timedelta(hours=1)
    services.help_request_follow_up(user=specialist, help_request=hr, at=past, note="Terugbellen")
    assert hr in selectors.worklist(user=specialist)["due"]
    services.help_request_follow_up(user=specialist, help_request=hr, at=None)
    assert hr not in selectors.worklist(user=specialist)["due"]
    kinds = list(hr.timeline.values_list("kind", flat=True))
    assert kinds.count(TimelineEvent.Kind.FOLLOW_UP) == 2


def test_accepting_a_suggestion_makes_it_a_question_of_the_right_organisation(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="ontslagen, schulden")
    services.suggestion_decide(
        user=specialist,
        help_request=hr,
        kind="topic",
        code="uwv.ww",
        accept=True,
        because="ontslagen",
    )
    services.suggestion_decide(
        user=specialist, help_request=hr, kind="topic", code="gemeente.schuldhulp", accept=True
    )
    services.suggestion_decide(
        user=specialist, help_request=hr, kind="topic", code="uwv.wia", accept=False
    )
    services.suggestion_decide(
        user=specialist, help_request=hr, kind="life_event", code="baan_kwijt", accept=True
    )
    questions = {q.topic.code: q.organisation for q in hr.questions.select_related("topic")}
    assert questions["uwv.ww"] == Organisation.objects.get(code="uwv")
    assert questions["gemeente.schuldhulp"] == hr.municipality
    assert "uwv.wia" not in questions
    assert list(hr.life_events.values_list("code", flat=True)) == ["baan_kwijt"]
    decision = SuggestionDecision.objects.get(help_request=hr, code="uwv.ww")
    assert decision.because == "ontslagen" and decision.decided_by == specialist
    with pytest.raises(Conflict):
        services.suggestion_decide(
            user=specialist, help_request=hr, kind="topic", code="uwv.ww", accept=False
        )


def test_an_unknown_suggestion_is_refused_and_changes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="x")
    with pytest.raises(DomainError):
        services.suggestion_decide(
            user=specialist, help_request=hr, kind="topic", code="uwv.bestaatniet", accept=True
        )
    assert not SuggestionDecision.objects.exists()
    assert hr.timeline.count() == 1


def test_consent_is_recorded_shown_and_withdrawn(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="x")
    uwv = Organisation.objects.get(code="uwv")
    consent = services.help_request_consent_record(
        user=specialist,
        help_request=hr,
        organisation=uwv,
        scope="De vraag over de WW",
        purpose="Terugbellen over de WW",
        given_how="verbal",
    )
    assert consent.is_active
    from eenloket.residents.selectors import consents_for_help_request

    assert list(consents_for_help_request(user=specialist, help_request=hr)) == [consent]
    services.help_request_consent_withdraw(user=specialist, help_request=hr, consent=consent)
    consent.refresh_from_db()
    assert not consent.is_active
    assert hr.timeline.filter(kind=TimelineEvent.Kind.CONSENT).count() == 2
    assert (
        AccessLogEntry.objects.filter(purpose="record_consent", resident_id=resident.pk).count()
        == 2
    )
    with pytest.raises(Conflict):
        services.help_request_consent_withdraw(user=specialist, help_request=hr, consent=consent)


@pytest.mark.parametrize(
    ("field", "value"), [("scope", " "), ("purpose", ""), ("given_how", "telepathy")]
)
def test_incomplete_consent_is_refused(team, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    _, specialist, _, resident = team
    data = {"scope": "WW", "purpose": "Terugbellen", "given_how": "verbal", field: value}
    with pytest.raises(DomainError) as error:
        consent_record(
            user=specialist,
            resident=resident,
            organisation=Organisation.objects.get(code="uwv"),
            **data,
        )
    assert error.value.field == field
    assert not Consent.objects.exists()


def test_consent_for_a_resident_of_another_municipality_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    _, specialist, _, _ = team
    stranger = ResidentFactory()
    with pytest.raises(DomainError):
        consent_record(
            user=specialist,
            resident=stranger,
            organisation=Organisation.objects.get(code="uwv"),
            scope="x",
            purpose="y",
            given_how="verbal",
        )


def test_hand_to_a_colleague_of_the_same_municipality_only(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, colleague, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="x")
    services.help_request_take(user=specialist, help_request=hr)
    services.help_request_assign(user=specialist, help_request=hr, colleague=colleague)
    hr.refresh_from_db()
    assert hr.assigned_to == colleague and hr.status == HelpRequest.Status.IN_PROGRESS
    elsewhere = staff(Role.SPECIALIST)
    with pytest.raises(DomainError):
        services.help_request_assign(user=specialist, help_request=hr, colleague=elsewhere)
    hr.refresh_from_db()
    assert hr.assigned_to == colleague
    assert specialist not in selectors.colleagues_for(specialist)
    assert elsewhere not in selectors.colleagues_for(specialist)


def test_lessons_reach_knowledge_managers_without_personal_data(team) -> None:  # type: ignore[no-untyped-def]
    _, specialist, _, _ = team
    topic = Topic.objects.get(code="duo.studieschuld")
    lesson = lesson_suggest(user=specialist, topic=topic, text="DUO kan aflossen pauzeren.")
    assert lesson.article is not None and topic in lesson.article.topics.all()
    assert not hasattr(lesson, "help_request")
    editor = staff(Role.KNOWLEDGE_MANAGER)
    with pytest.raises(DomainError):
        lesson_handle(user=editor, lesson=lesson, applied=False, note="")
    lesson_handle(user=editor, lesson=lesson, applied=True)
    lesson.refresh_from_db()
    assert lesson.status == Lesson.Status.APPLIED and lesson.handled_by == editor


def test_a_failure_after_the_change_rolls_back_the_timeline_too(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="x")
    with (
        mock.patch(
            "eenloket.contacts.services.access_log_record", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        services.help_request_take(user=specialist, help_request=hr)
    hr.refresh_from_db()
    assert hr.status == HelpRequest.Status.NEW and hr.assigned_to is None
    assert hr.timeline.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_specialists_take_at_once_exactly_one_wins() -> None:
    from eenloket.knowledge.models import LifeEvent
    from eenloket.knowledge.services import reference_data_load

    reference_data_load(
        organisation_model=Organisation, topic_model=Topic, life_event_model=LifeEvent
    )
    first = staff(Role.SPECIALIST)
    municipality = first.membership.organisation
    second = staff(Role.SPECIALIST, organisation=municipality)
    resident = ResidentFactory(municipality=municipality)
    hr = services.help_request_open(user=first, resident=resident, story="x")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def take(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.help_request_take(user=user, help_request=hr)
            outcomes[user.username] = "won"
        except Conflict as exc:
            outcomes[user.username] = str(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()).count("won") == 1
    loser_message = next(v for v in outcomes.values() if v != "won")
    hr.refresh_from_db()
    assert str(hr.assigned_to) in loser_message
    assert hr.timeline.filter(kind=TimelineEvent.Kind.ASSIGNED).count() == 1
