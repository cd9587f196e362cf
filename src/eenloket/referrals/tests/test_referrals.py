"""Warm referrals: the lifecycle table per side, consent, idempotency, closing, concurrency."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from eenloket.accounts.tests.helpers import login_verified
from eenloket.common.bsn import BSN_MARKER
from eenloket.common.errors import AppendOnlyError, Conflict, DomainError, PermissionDenied
from eenloket.contacts import services as contact_services
from eenloket.contacts.models import HelpRequest, Question, TimelineEvent
from eenloket.organisations.models import Organisation, Role
from eenloket.organisations.tests.factories import staff
from eenloket.referrals import services, workflow
from eenloket.referrals.models import Referral, ReferralEvent
from eenloket.referrals.selectors import referrals_for, referrals_needing_attention
from eenloket.residents.services import consent_record, consent_withdraw
from eenloket.residents.tests.factories import ResidentFactory

S = Referral.Status


def _world():  # type: ignore[no-untyped-def]
    specialist = staff(Role.SPECIALIST)
    municipality = specialist.membership.organisation
    uwv = Organisation.objects.get(code="uwv")
    liaison = staff(Role.AGENCY_LIAISON, organisation=uwv)
    other_liaison = staff(Role.AGENCY_LIAISON, organisation=Organisation.objects.get(code="svb"))
    resident = ResidentFactory(municipality=municipality)
    hr = contact_services.help_request_open(user=specialist, resident=resident, story="Ontslagen")
    question = contact_services.question_add(
        user=specialist, help_request=hr, organisation=uwv, text="WW aanvragen"
    )
    consent = consent_record(
        user=specialist,
        resident=resident,
        help_request=hr,
        organisation=uwv,
        scope="De WW-vraag",
        purpose="Terugbellen",
        given_how="verbal",
    )
    return specialist, liaison, other_liaison, hr, question, consent


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return _world()


def _referral(world, send: bool = True) -> Referral:  # type: ignore[no-untyped-def]
    specialist, _, _, _, question, consent = world
    referral = services.referral_create(
        user=specialist,
        question=question,
        consent=consent,
        situation="Ontslagen na 22 jaar",
        request="Bel meneer terug over de WW",
        reachable="06-12345678, na 10 uur",
    )
    if send:
        referral = services.referral_act(user=specialist, referral=referral, action="send")
    return referral


def test_no_consent_no_referral(world) -> None:  # type: ignore[no-untyped-def]
    specialist, _, _, hr, question, consent = world
    consent_withdraw(user=specialist, consent=consent)
    with pytest.raises(DomainError) as error:
        _referral(world)
    assert error.value.code == "consent_required"
    svb_consent = consent_record(
        user=specialist,
        resident=hr.resident,
        organisation=Organisation.objects.get(code="svb"),
        scope="x",
        purpose="y",
        given_how="verbal",
    )
    with pytest.raises(DomainError):
        services.referral_create(
            user=specialist,
            question=question,
            consent=svb_consent,
            situation="s",
            request="r",
            reachable="t",
        )
    assert not Referral.objects.exists()


def test_a_bsn_typed_into_the_referral_never_reaches_the_agency(world) -> None:  # type: ignore[no-untyped-def]
    specialist, liaison, _, hr, question, consent = world
    client = Client()
    login_verified(client, specialist)
    response = client.post(
        f"/workspace/help-requests/{hr.pk}/referrals/new/",
        {
            "question": question.pk,
            "consent": consent.pk,
            "situation": "Meneer (BSN 123456782) is ontslagen na 22 jaar",
            "request": "Bel meneer terug over de WW",
            "documents": "Kopie ID, bsn 1234.56.782",
            "reachable": "06-12345678, na 10 uur",
            "send": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get(help_request=hr)
    assert referral.status == S.SENT
    assert referral.situation == f"Meneer (BSN {BSN_MARKER}) is ontslagen na 22 jaar"
    assert referral.documents == f"Kopie ID, bsn {BSN_MARKER}"
    assert referral.reachable == "06-12345678, na 10 uur"
    agency = Client()
    login_verified(agency, liaison)
    shown = agency.get(f"/workspace/referrals/{referral.pk}/")
    assert shown.status_code == 200
    page = shown.content.decode()
    assert "ontslagen na 22 jaar" in page
    assert "123456782" not in page and "1234.56.782" not in page


def test_due_date_defaults_to_the_organisations_working_days(world) -> None:  # type: ignore[no-untyped-def]
    referral = _referral(world, send=False)
    days = Organisation.objects.get(code="uwv").referral_days
    expected = services.add_working_days(referral.created_at, days)
    assert abs((referral.due_at - expected).total_seconds()) < 60
    assert timezone.localtime(referral.due_at).weekday() < 5


def test_full_lifecycle_writes_history_timeline_and_question_status(world) -> None:  # type: ignore[no-untyped-def]
    specialist, liaison, _, hr, question, _ = world
    referral = _referral(world)
    question.refresh_from_db()
    assert question.status == Question.Status.REFERRED
    referral = services.referral_act(user=liaison, referral=referral, action="accept")
    referral = services.referral_act(
        user=liaison,
        referral=referral,
        action="plan",
        appointment_at=timezone.now() + dt.timedelta(days=3),
    )
    referral = services.referral_act(
        user=liaison, referral=referral, action="resolve", note="WW loopt"
    )
    assert referral.status == S.RESOLVED and referral.accepted_at and referral.resolved_at
    services.referral_confirm(user=specialist, referral=referral, confirmation="Meneer is geholpen")
    actions = list(referral.events.values_list("action", flat=True))
    assert actions == ["create", "send", "accept", "plan", "resolve"]
    assert hr.timeline.filter(kind=TimelineEvent.Kind.REFERRAL).count() == 6  # and the confirmation
    with pytest.raises(AppendOnlyError):
        event = referral.events.first()
        assert event is not None
        event.note = "changed"
        event.save()


ALL_STATES = [
    S.DRAFT,
    S.SENT,
    S.ACCEPTED,
    S.APPOINTMENT,
    S.RESOLVED,
    S.RETURNED,
    S.WITHDRAWN,
]
ACTIONS = ["send", "withdraw", "answer", "accept", "plan", "resolve", "return", "ask"]
# An organisation the referral is not addressed to is on neither side.
ACTORS = ["sender", "receiver", "other_agency"]
# Which side takes each action, and (action, from) → to; written out rather than read from
# workflow.py. Every other pair is refused: the other side with "wrong_side", a wrong state with
# "transition_not_allowed", an organisation on neither side with "forbidden".
BY = {
    "send": {"sender"},
    "withdraw": {"sender"},
    "answer": {"sender"},
    "accept": {"receiver"},
    "plan": {"receiver"},
    "resolve": {"receiver"},
    "return": {"receiver"},
    "ask": {"receiver"},
}
NEEDS_NOTE = {"withdraw", "answer", "return", "ask"}
MOVES = {
    ("send", S.DRAFT): S.SENT,
    ("send", S.RETURNED): S.SENT,
    ("withdraw", S.DRAFT): S.WITHDRAWN,
    ("withdraw", S.SENT): S.WITHDRAWN,
    ("withdraw", S.ACCEPTED): S.WITHDRAWN,
    ("withdraw", S.APPOINTMENT): S.WITHDRAWN,
    ("withdraw", S.RETURNED): S.WITHDRAWN,
    ("answer", S.SENT): S.SENT,
    ("answer", S.ACCEPTED): S.ACCEPTED,
    ("answer", S.APPOINTMENT): S.APPOINTMENT,
    ("answer", S.RETURNED): S.RETURNED,
    ("accept", S.SENT): S.ACCEPTED,
    ("plan", S.SENT): S.APPOINTMENT,
    ("plan", S.ACCEPTED): S.APPOINTMENT,
    ("plan", S.APPOINTMENT): S.APPOINTMENT,
    ("resolve", S.ACCEPTED): S.RESOLVED,
    ("resolve", S.APPOINTMENT): S.RESOLVED,
    ("return", S.SENT): S.RETURNED,
    ("return", S.ACCEPTED): S.RETURNED,
    ("return", S.APPOINTMENT): S.RETURNED,
    ("ask", S.SENT): S.SENT,
    ("ask", S.ACCEPTED): S.ACCEPTED,
    ("ask", S.APPOINTMENT): S.APPOINTMENT,
}


def test_every_state_action_and_side_is_in_the_test_table() -> None:
    assert set(ALL_STATES) == set(S.values)
    assert list(workflow.REFERRAL.actions) == ACTIONS
    assert {t.action: set(t.by) for t in workflow.REFERRAL} == BY
    assert {t.action for t in workflow.REFERRAL if t.needs_note} == NEEDS_NOTE
    assert {workflow.SENDER, workflow.RECEIVER} == {"sender", "receiver"}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("actor", ACTORS)
def test_every_transition_per_side(world, action: str, state: str, actor: str) -> None:  # type: ignore[no-untyped-def]
    specialist, liaison, other, _, _, _ = world
    referral = _referral(world, send=False)
    Referral.objects.filter(pk=referral.pk).update(
        status=state, sent_at=None if state == S.DRAFT else timezone.now()
    )
    user = {"sender": specialist, "receiver": liaison, "other_agency": other}[actor]
    move = MOVES.get((action, state))
    assert workflow.REFERRAL.target(action, state) == move
    if actor != "other_agency":
        allowed_for_actor = workflow.REFERRAL.allowed(state, by=actor)
        assert (action in allowed_for_actor) == (actor in BY[action] and move is not None)
    kwargs = {"note": "reden", "appointment_at": timezone.now() + dt.timedelta(days=1)}
    before = ReferralEvent.objects.count()
    if actor in BY[action] and move is not None:
        result = services.referral_act(user=user, referral=referral, action=action, **kwargs)
        assert result.status == move
        assert ReferralEvent.objects.count() == before + 1
    else:
        with pytest.raises((PermissionDenied, Conflict)) as exc:
            services.referral_act(user=user, referral=referral, action=action, **kwargs)
        if actor == "other_agency":
            assert exc.value.code == "forbidden"
        elif actor not in BY[action]:
            assert exc.value.code == "wrong_side"
        else:
            assert exc.value.code == "transition_not_allowed"
        referral.refresh_from_db()
        assert referral.status == state
        assert ReferralEvent.objects.count() == before


def test_each_step_stamps_its_own_fields(world) -> None:  # type: ignore[no-untyped-def]
    specialist, liaison, *_ = world
    referral = _referral(world, send=False)
    first_due = referral.due_at
    with pytest.raises(DomainError) as error:
        services.referral_act(user=specialist, referral=referral, action="accept")
    assert error.value.code == "wrong_side"
    with pytest.raises(DomainError) as error:
        services.referral_act(user=liaison, referral=referral, action="accept")
    assert error.value.code == "transition_not_allowed"
    with pytest.raises(DomainError) as error:
        services.referral_act(user=specialist, referral=referral, action="nonsense")
    assert error.value.code == "unknown_action"
    referral = services.referral_act(user=specialist, referral=referral, action="send")
    assert referral.sent_at is not None and referral.due_at == first_due
    with pytest.raises(DomainError) as error:
        services.referral_act(user=liaison, referral=referral, action="plan")
    assert error.value.code == "appointment_required"
    at = timezone.now() + dt.timedelta(days=2)
    referral = services.referral_act(
        user=liaison, referral=referral, action="plan", appointment_at=at
    )
    assert referral.appointment_at == at and referral.accepted_at is not None
    accepted_at = referral.accepted_at
    assert referral.events.last().note == timezone.localtime(at).strftime("%d-%m-%Y %H:%M")  # type: ignore[union-attr]
    referral = services.referral_act(user=liaison, referral=referral, action="ask", note="Wanneer?")
    assert referral.status == S.APPOINTMENT
    with pytest.raises(DomainError) as error:
        services.referral_act(user=liaison, referral=referral, action="return")
    assert error.value.code == "note_required"
    referral = services.referral_act(user=liaison, referral=referral, action="return", note="SVB")
    assert referral.return_count == 1
    Referral.objects.filter(pk=referral.pk).update(due_at=first_due - dt.timedelta(days=30))
    referral = services.referral_act(user=specialist, referral=referral, action="send")
    assert referral.due_at > timezone.now()  # sent again: a new period to respond
    referral = services.referral_act(user=liaison, referral=referral, action="accept")
    referral = services.referral_act(user=liaison, referral=referral, action="resolve")
    assert referral.accepted_at == accepted_at and referral.resolved_at is not None
    with pytest.raises(Conflict) as error:
        services.referral_act(user=liaison, referral=referral, action="accept")
    assert error.value.code == "transition_not_allowed"


def test_a_return_needs_a_reason_and_counts(world) -> None:  # type: ignore[no-untyped-def]
    specialist, liaison, *_ = world
    referral = _referral(world)
    with pytest.raises(DomainError):
        services.referral_act(user=liaison, referral=referral, action="return")
    referral = services.referral_act(
        user=liaison, referral=referral, action="return", note="Niet voor ons: SVB"
    )
    assert referral.return_count == 1
    referral = services.referral_act(user=specialist, referral=referral, action="send")
    assert referral.status == S.SENT


def test_a_repeated_delivery_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    _, _, _, _, _, _ = world
    referral = _referral(world)
    uwv = Organisation.objects.get(code="uwv")
    for _attempt in range(2):
        referral = services.referral_act(
            user=None, referral=referral, action="accept", organisation=uwv, delivery_id="abc-1"
        )
    assert referral.status == S.ACCEPTED
    assert referral.events.filter(action="accept").count() == 1
    with pytest.raises(PermissionDenied):
        services.referral_act(
            user=None,
            referral=referral,
            action="resolve",
            organisation=Organisation.objects.get(code="svb"),
            delivery_id="abc-2",
        )


def test_we_let_go_only_when_we_know(world) -> None:  # type: ignore[no-untyped-def]
    specialist, _, _, hr, question, _ = world
    _referral(world)
    contact_services.question_resolve(
        user=specialist,
        question=Question.objects.get(pk=question.pk),
        status="referred",
        resolution="Naar UWV",
    ) if Question.objects.get(pk=question.pk).status == "open" else None
    with pytest.raises(Conflict) as error:
        contact_services.help_request_close(user=specialist, help_request=hr)
    assert error.value.code == "open_referrals"
    hr.refresh_from_db()
    assert hr.status != HelpRequest.Status.CLOSED
    contact_services.help_request_close(
        user=specialist, help_request=hr, open_referrals_reason="Inwoner verhuisd naar Zeist"
    )
    hr.refresh_from_db()
    assert hr.status == HelpRequest.Status.CLOSED
    assert "Inwoner verhuisd naar Zeist" in hr.timeline.last().message  # type: ignore[union-attr]


def test_liaisons_see_only_sent_referrals_to_their_organisation(world) -> None:  # type: ignore[no-untyped-def]
    specialist, liaison, other, *_ = world
    concept = _referral(world, send=False)
    assert concept not in referrals_for(liaison)
    services.referral_act(user=specialist, referral=concept, action="send")
    assert concept in referrals_for(liaison)
    assert not referrals_for(other).exists()


def test_late_and_unaccepted_referrals_need_attention(world) -> None:  # type: ignore[no-untyped-def]
    specialist, *_ = world
    referral = _referral(world)
    assert referral not in referrals_needing_attention(user=specialist)
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - dt.timedelta(days=4))
    assert referral in referrals_needing_attention(user=specialist)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_liaisons_accept_at_once_one_wins() -> None:
    from eenloket.demo import load_demo

    load_demo()
    specialist, liaison, *_, question, consent = _world()
    second = staff(Role.AGENCY_LIAISON, organisation=liaison.membership.organisation)
    referral = services.referral_create(
        user=specialist,
        question=question,
        consent=consent,
        situation="s",
        request="r",
        reachable="t",
    )
    services.referral_act(user=specialist, referral=referral, action="send")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(user, action: str) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.referral_act(user=user, referral=referral, action=action, note="x")
            outcomes.append("won")
        except Conflict as exc:
            outcomes.append(str(exc.message))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(liaison, "accept")),
        threading.Thread(target=act, args=(second, "accept")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("won") == 1, outcomes
    loser = next(o for o in outcomes if o != "won")
    assert "Reload" in loser or "opnieuw" in loser or "cannot" in loser
    referral.refresh_from_db()
    assert referral.events.filter(action="accept").count() == 1
    assert referral.status == "accepted"


def test_daily_check_mails_once_a_day_without_personal_data(world, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    specialist, *_ = world
    specialist.email = "specialist@example.org"
    specialist.save()
    referral = _referral(world)
    call_command("check_referrals")
    assert mailoutbox == []
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - dt.timedelta(days=5), due_at=timezone.now() - dt.timedelta(hours=1)
    )
    call_command("check_referrals")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["specialist@example.org"]
    assert referral.help_request.resident.name not in message.body
    assert "/workspace/worklist/" in message.body
    call_command("check_referrals")
    assert len(mailoutbox) == 1


def test_a_promised_callback_is_on_the_worklist_until_it_comes(world) -> None:  # type: ignore[no-untyped-def]
    from eenloket.organisations.models import ProfessionalLine
    from eenloket.referrals.selectors import callbacks_open

    specialist, _, _, hr, question, _ = world
    line = ProfessionalLine.objects.create(
        organisation=Organisation.objects.get(code="uwv"), name="Professionallijn", phone="088"
    )
    with pytest.raises(DomainError):
        services.line_call_log(user=specialist, help_request=hr, line=line, outcome="callback")
    call = services.line_call_log(
        user=specialist,
        help_request=hr,
        line=line,
        outcome="callback",
        minutes=7,
        callback_due=timezone.now() + dt.timedelta(hours=4),
        question=question,
        agreed="UWV belt vanmiddag terug",
    )
    assert call in callbacks_open(user=specialist)
    services.line_call_callback_received(user=specialist, call=call)
    assert call not in callbacks_open(user=specialist)
    with pytest.raises(Conflict):
        services.line_call_callback_received(user=specialist, call=call)
    assert hr.timeline.filter(message__contains="UWV belt vanmiddag terug").exists()
