"""Every (state, action) of the ticket lifecycle, against a table written out here."""

import pytest
from django.utils import timezone

from eenloket.common.errors import Conflict, DomainError
from eenloket.contacts.models import Contact
from eenloket.queue import services, workflow
from eenloket.queue.models import Ticket
from eenloket.queue.tests.test_queue import _setup

pytestmark = pytest.mark.django_db
S = Ticket.Status

ALL_STATES = [S.WAITING, S.CALLED, S.DONE, S.NO_SHOW]
ACTIONS = ["call", "no_show", "transfer", "finish"]
# (action, from) → to, written out rather than read from workflow.py; every other pair is refused
# with the code listed per action.
MOVES = {
    ("call", S.WAITING): S.CALLED,
    ("call", S.CALLED): S.CALLED,  # a recall
    ("no_show", S.CALLED): S.NO_SHOW,
    ("transfer", S.WAITING): S.WAITING,
    ("transfer", S.CALLED): S.WAITING,
    ("finish", S.CALLED): S.DONE,
}
REFUSED = {
    "call": "ticket_closed",
    "no_show": "not_called",
    "transfer": "ticket_closed",
    "finish": "not_called",
}


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return _setup()


def _ticket(world, state: str) -> Ticket:  # type: ignore[no-untyped-def]
    _, front, balie, _, desk1, _, _ = world
    ticket = services.ticket_issue(user=front, queue=balie, question="Paspoort")
    called = state != S.WAITING
    Ticket.objects.filter(pk=ticket.pk).update(
        status=state,
        desk=desk1 if called else None,
        called_at=timezone.now() if called else None,
        finished_at=timezone.now() if state in (S.DONE, S.NO_SHOW) else None,
    )
    ticket.refresh_from_db()
    return ticket


def test_every_state_and_action_is_in_the_test_table() -> None:
    assert set(ALL_STATES) == set(S.values)
    assert list(workflow.TICKET.actions) == ACTIONS


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_ticket_table_allows_exactly_the_listed_transitions(
    world, state: str, action: str
) -> None:  # type: ignore[no-untyped-def]
    _, front, _, specialist, desk1, _, _ = world
    ticket = _ticket(world, state)
    perform = {
        "call": lambda: services.ticket_call(user=front, desk=desk1, ticket=ticket),
        "no_show": lambda: services.ticket_no_show(user=front, ticket=ticket),
        "transfer": lambda: services.ticket_transfer(user=front, ticket=ticket, queue=specialist),
        "finish": lambda: services.ticket_finish(
            user=front, ticket=ticket, outcome=Contact.Outcome.ANSWERED
        ),
    }[action]
    expected = MOVES.get((action, state))
    assert workflow.TICKET.target(action, state) == expected
    assert (action in workflow.TICKET.allowed(state)) == (expected is not None)
    if expected is None:
        with pytest.raises(Conflict) as exc:
            perform()
        assert exc.value.code == REFUSED[action]
        ticket.refresh_from_db()
        assert ticket.status == state
    else:
        perform()
        ticket.refresh_from_db()
        assert ticket.status == expected
        assert (ticket.finished_at is not None) == (expected in (S.DONE, S.NO_SHOW))
        assert (ticket.called_at is None) == (expected == S.WAITING)  # back in line


def test_a_ticket_called_at_another_desk_is_not_called_again_here(world) -> None:  # type: ignore[no-untyped-def]
    _, front, _, _, _, desk2, _ = world
    ticket = _ticket(world, S.CALLED)  # at desk 1
    with pytest.raises(Conflict) as exc:
        services.ticket_call(user=front, desk=desk2, ticket=ticket)
    assert exc.value.code == "called_elsewhere"


def test_a_transfer_to_the_same_queue_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    _, front, balie, *_ = world
    ticket = _ticket(world, S.CALLED)
    with pytest.raises(DomainError) as exc:
        services.ticket_transfer(user=front, ticket=ticket, queue=balie)
    assert (exc.value.code, exc.value.field) == ("same_queue", "queue")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.transfers) == (S.CALLED, 0)
