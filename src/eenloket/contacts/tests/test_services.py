import pytest

from eenloket.audit.models import AccessLogEntry
from eenloket.common.errors import AppendOnlyError, Conflict, DomainError, PermissionDenied
from eenloket.contacts import services, workflow
from eenloket.contacts.models import Channel, Contact, HelpRequest, Question, TimelineEvent
from eenloket.knowledge.models import Topic
from eenloket.organisations.models import Organisation, Role
from eenloket.organisations.tests.factories import staff
from eenloket.referrals import services as referral_services
from eenloket.residents.services import consent_record
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db
S = HelpRequest.Status


@pytest.fixture
def team():  # type: ignore[no-untyped-def]
    front = staff(Role.FRONT_OFFICE)
    municipality = front.membership.organisation
    specialist = staff(Role.SPECIALIST, organisation=municipality)
    colleague = staff(Role.SPECIALIST, organisation=municipality)
    resident = ResidentFactory(municipality=municipality)
    return front, specialist, colleague, resident


def test_a_short_question_is_registered_and_closed_at_once(team) -> None:  # type: ignore[no-untyped-def]
    front, *_ = team
    contact = services.contact_register(
        user=front,
        channel=Channel.PHONE,
        question="Wat kost een paspoort?",
        answer="Ongeveer € 85",
        outcome=Contact.Outcome.ANSWERED,
    )
    assert contact.closed_at is not None
    assert contact.resident is None


def test_an_empty_question_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    front, *_ = team
    with pytest.raises(DomainError) as exc:
        services.contact_register(user=front, channel=Channel.PHONE, question="   ")
    assert exc.value.field == "question"
    assert not Contact.objects.exists()


def test_handing_on_carries_everything_over(team) -> None:  # type: ignore[no-untyped-def]
    front, *_ = team
    contact = services.contact_register(
        user=front, channel=Channel.WALK_IN, question="Ontslagen, huur?"
    )
    help_request = services.contact_hand_on(
        user=front, contact=contact, story="", resident_name="Piet Puk"
    )
    contact.refresh_from_db()
    assert help_request.story == "Ontslagen, huur?"
    assert contact.outcome == Contact.Outcome.HANDED_ON
    assert contact.help_request == help_request
    assert contact.resident == help_request.resident
    assert help_request.resident.name == "Piet Puk"
    kinds = list(help_request.timeline.values_list("kind", flat=True))
    assert kinds == [TimelineEvent.Kind.CREATED, TimelineEvent.Kind.CONTACT]


def test_handing_on_an_anonymous_contact_needs_a_name_and_changes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    front, *_ = team
    contact = services.contact_register(user=front, channel=Channel.WALK_IN, question="Vraag")
    with pytest.raises(DomainError):
        services.contact_hand_on(user=front, contact=contact, story="x")
    contact.refresh_from_db()
    assert contact.is_open
    assert not HelpRequest.objects.exists()


def test_a_closed_contact_cannot_be_closed_again(team) -> None:  # type: ignore[no-untyped-def]
    front, *_ = team
    contact = services.contact_register(
        user=front, channel=Channel.PHONE, question="Vraag", outcome=Contact.Outcome.ANSWERED
    )
    with pytest.raises(Conflict):
        services.contact_close(user=front, contact=contact, outcome=Contact.Outcome.WEBSITE)


def test_help_request_cannot_close_with_an_open_question(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    services.help_request_take(user=specialist, help_request=hr)
    uwv = Organisation.objects.get(code="uwv")
    question = services.question_add(
        user=specialist,
        help_request=hr,
        organisation=uwv,
        topic=Topic.objects.get(code="uwv.ww"),
        text="",
    )
    assert question.text == "WW-uitkering"
    with pytest.raises(Conflict) as exc:
        services.help_request_close(user=specialist, help_request=hr)
    assert exc.value.code == "open_questions"
    services.question_resolve(user=specialist, question=question, status=Question.Status.ANSWERED)
    hr = services.help_request_close(user=specialist, help_request=hr, note="Geholpen")
    assert hr.status == S.CLOSED
    assert hr.closed_at is not None


def test_topic_must_belong_to_the_questions_organisation(team) -> None:  # type: ignore[no-untyped-def]
    front, _, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    with pytest.raises(DomainError) as exc:
        services.question_add(
            user=front,
            help_request=hr,
            organisation=Organisation.objects.get(code="svb"),
            topic=Topic.objects.get(code="uwv.ww"),
            text="x",
        )
    assert exc.value.code == "topic_mismatch"


def test_dropping_a_question_needs_a_reason(team) -> None:  # type: ignore[no-untyped-def]
    front, _, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    q = services.question_add(
        user=front, help_request=hr, organisation=Organisation.objects.get(code="duo"), text="x"
    )
    with pytest.raises(DomainError):
        services.question_resolve(user=front, question=q, status=Question.Status.DROPPED)
    q.refresh_from_db()
    assert q.status == Question.Status.OPEN


def test_a_colleague_is_told_who_already_has_the_help_request(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, colleague, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    services.help_request_take(user=specialist, help_request=hr)
    with pytest.raises(Conflict) as exc:
        services.help_request_take(user=colleague, help_request=hr)
    assert str(specialist) in str(exc.value.message)
    hr.refresh_from_db()
    assert hr.assigned_to == specialist


def test_front_office_cannot_take_help_requests(team) -> None:  # type: ignore[no-untyped-def]
    front, _, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    with pytest.raises(PermissionDenied):
        services.help_request_take(user=front, help_request=hr)


def test_every_change_writes_timeline_and_access_log_in_the_same_transaction(team) -> None:  # type: ignore[no-untyped-def]
    front, specialist, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    services.help_request_take(user=specialist, help_request=hr)
    services.help_request_note_add(user=specialist, help_request=hr, text="Belt morgen terug")
    services.help_request_park(user=specialist, help_request=hr, reason="Wacht op documenten")
    assert hr.timeline.count() == 4
    assert AccessLogEntry.objects.filter(resident_id=resident.pk).count() == 4


def test_timeline_events_cannot_be_edited(team) -> None:  # type: ignore[no-untyped-def]
    front, _, _, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    event = hr.timeline.get()
    event.message = "changed"
    with pytest.raises(AppendOnlyError, match="append-only"):
        event.save()


ALL_STATES = [S.NEW, S.IN_PROGRESS, S.PARKED, S.CLOSED]
ACTIONS = [
    "take",
    "assign",
    "park",
    "close",
    "reopen",
    "add_question",
    "follow_up",
    "decide",
    "refer",
]
# (action, from) → to, written out rather than read from workflow.py; every other pair is refused.
MOVES = {
    ("take", S.NEW): S.IN_PROGRESS,
    ("take", S.IN_PROGRESS): S.IN_PROGRESS,  # it is the taker's already: nothing changes
    ("take", S.PARKED): S.IN_PROGRESS,
    ("assign", S.NEW): S.IN_PROGRESS,
    ("assign", S.IN_PROGRESS): S.IN_PROGRESS,
    ("assign", S.PARKED): S.IN_PROGRESS,
    ("park", S.IN_PROGRESS): S.PARKED,
    ("close", S.NEW): S.CLOSED,
    ("close", S.IN_PROGRESS): S.CLOSED,
    ("close", S.PARKED): S.CLOSED,
    ("reopen", S.CLOSED): S.IN_PROGRESS,
    ("add_question", S.NEW): S.NEW,
    ("add_question", S.IN_PROGRESS): S.IN_PROGRESS,
    ("add_question", S.PARKED): S.PARKED,
    ("follow_up", S.NEW): S.NEW,
    ("follow_up", S.IN_PROGRESS): S.IN_PROGRESS,
    ("follow_up", S.PARKED): S.PARKED,
    ("decide", S.NEW): S.NEW,
    ("decide", S.IN_PROGRESS): S.IN_PROGRESS,
    ("decide", S.PARKED): S.PARKED,
    ("refer", S.NEW): S.NEW,
    ("refer", S.IN_PROGRESS): S.IN_PROGRESS,
    ("refer", S.PARKED): S.PARKED,
}
# The code a refused pair answers with, per action.
REFUSED = {
    "take": "transition_not_allowed",
    "assign": "help_request_closed",
    "park": "transition_not_allowed",
    "close": "transition_not_allowed",
    "reopen": "transition_not_allowed",
    "add_question": "help_request_closed",
    "follow_up": "help_request_closed",
    "decide": "help_request_closed",
    "refer": "help_request_closed",
}
NEEDS_NOTE = {"park", "reopen"}


def _refer(user, help_request: HelpRequest):  # type: ignore[no-untyped-def]
    """Refer a question of `help_request` to the UWV, with the resident's consent; the question
    is made directly, so it exists whatever the help request's state."""
    uwv = Organisation.objects.get(code="uwv")
    question = Question.objects.create(help_request=help_request, organisation=uwv, text="WW")
    consent = consent_record(
        user=user,
        resident=help_request.resident,
        organisation=uwv,
        scope="De WW-vraag",
        purpose="Terugbellen",
        given_how="verbal",
    )
    return referral_services.referral_create(
        user=user,
        question=question,
        consent=consent,
        situation="Ontslagen",
        request="Bel terug",
        reachable="06-12345678",
    )


def test_every_state_and_action_is_in_the_test_table() -> None:
    assert set(ALL_STATES) == set(S.values)
    assert list(workflow.HELP_REQUEST.actions) == ACTIONS
    assert {t.action for t in workflow.HELP_REQUEST if t.needs_note} == NEEDS_NOTE


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_workflow_table_allows_exactly_the_listed_transitions(
    action: str, state: str, team
) -> None:  # type: ignore[no-untyped-def]
    front, specialist, colleague, resident = team
    hr = services.help_request_open(user=front, resident=resident, story="Situatie")
    HelpRequest.objects.filter(pk=hr.pk).update(
        status=state,
        assigned_to=specialist if state == S.IN_PROGRESS else None,
        closed_at=hr.created_at if state == S.CLOSED else None,
    )
    hr.refresh_from_db()
    perform = {
        "take": lambda: services.help_request_take(user=specialist, help_request=hr),
        "assign": lambda: services.help_request_assign(
            user=specialist, help_request=hr, colleague=colleague
        ),
        "park": lambda: services.help_request_park(
            user=specialist, help_request=hr, reason="wacht"
        ),
        "close": lambda: services.help_request_close(user=specialist, help_request=hr),
        "reopen": lambda: services.help_request_reopen(
            user=specialist, help_request=hr, reason="nieuwe vraag"
        ),
        "add_question": lambda: services.question_add(
            user=specialist,
            help_request=hr,
            organisation=Organisation.objects.get(code="duo"),
            text="Studiefinanciering",
        ),
        "follow_up": lambda: services.help_request_follow_up(
            user=specialist, help_request=hr, at=None
        ),
        "decide": lambda: services.suggestion_decide(
            user=specialist, help_request=hr, kind="topic", code="uwv.ww", accept=False
        ),
        "refer": lambda: _refer(specialist, hr),
    }[action]
    expected = MOVES.get((action, state))
    assert workflow.HELP_REQUEST.target(action, state) == expected
    assert (action in workflow.HELP_REQUEST.allowed(state)) == (expected is not None)
    if expected is None:
        with pytest.raises(Conflict) as exc:
            perform()
        assert exc.value.code == REFUSED[action]
        hr.refresh_from_db()
        assert hr.status == state
    else:
        perform()
        hr.refresh_from_db()
        assert hr.status == expected
