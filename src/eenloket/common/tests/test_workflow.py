"""The lifecycle table type on a small made-up lifecycle: lookups, refusals, guards, effects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import translation

from eenloket.common.errors import Conflict, DomainError, PermissionDenied
from eenloket.common.workflow import STAYS, Refusal, Transition, Workflow

STATES = [("open", "Open"), ("shut", "Shut"), ("gone", "Gone")]


@dataclass
class Door:
    status: str = "open"
    locks: int = 0
    seen: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _not_locked(door: Door, **_context: Any) -> DomainError | None:
    return Conflict("locked", "It is locked.") if door.locks else None


def _count_lock(door: Door, **context: Any) -> None:
    door.seen.append((door.status, context))
    door.locks += 1


DOOR = Workflow(
    [
        Transition("shut", {"open"}, "shut"),
        Transition("open", {"shut"}, "open", guard=_not_locked),
        Transition("lock", {"shut"}, STAYS, by={"keeper"}, effect=_count_lock),
        Transition("remove", {"open", "shut"}, "gone", by={"keeper"}, needs_note=True),
        Transition(
            "knock",
            {"shut"},
            STAYS,
            refused=Refusal(Conflict, "nobody_home", "Not now (%(status)s)."),
        ),
    ],
    states=STATES,
    refused=Refusal(Conflict, "not_now", "The door is %(status)s."),
)


def test_target_is_the_next_state_the_same_state_or_none() -> None:
    assert DOOR.target("shut", "open") == "shut"
    assert DOOR.target("lock", "shut") == "shut"  # stays
    assert DOOR.target("shut", "shut") is None
    assert DOOR.target("open", "gone") is None


def test_allowed_lists_the_actions_from_a_state_in_table_order() -> None:
    assert DOOR.allowed("shut") == ["open", "lock", "remove", "knock"]
    assert DOOR.allowed("shut", by="visitor") == ["open", "knock"]
    assert DOOR.allowed("shut", by="keeper") == ["open", "lock", "remove", "knock"]
    assert DOOR.allowed("gone") == []


def test_the_table_can_be_read_by_action() -> None:
    assert DOOR.actions == ("shut", "open", "lock", "remove", "knock")
    assert "lock" in DOOR and "fly" not in DOOR
    assert DOOR["remove"].needs_note and not DOOR["shut"].needs_note
    assert DOOR["remove"].by == frozenset({"keeper"})
    assert [t.action for t in DOOR if t.to is STAYS] == ["lock", "knock"]


def test_an_unknown_action_is_a_domain_error_on_the_action_field() -> None:
    with pytest.raises(DomainError) as exc:
        DOOR.check(Door(), "fly")
    assert (exc.value.code, exc.value.field) == ("unknown_action", "action")


def test_a_step_for_someone_else_is_refused_before_the_state_is_looked_at() -> None:
    with pytest.raises(PermissionDenied) as exc:
        DOOR.check(Door(status="gone"), "remove", by="visitor")
    assert exc.value.code == "forbidden"
    with pytest.raises(PermissionDenied):
        DOOR.check(Door(), "remove")  # nobody named is not the keeper
    assert DOOR.check(Door(), "remove", by="keeper") == "gone"
    assert DOOR.check(Door(), "shut", by="anyone") == "shut"  # a step for whoever


def test_a_wrong_state_answers_with_the_refusal_naming_the_state_by_its_label() -> None:
    with pytest.raises(Conflict) as exc:
        DOOR.check(Door(status="gone"), "shut")
    assert exc.value.code == "not_now"
    assert str(exc.value.message) == "The door is Gone."


def test_a_step_can_have_its_own_refusal() -> None:
    with pytest.raises(Conflict) as exc:
        DOOR.check(Door(status="open"), "knock")
    assert (exc.value.code, str(exc.value.message)) == ("nobody_home", "Not now (Open).")


def test_a_guard_can_refuse_with_its_own_error_after_the_state_is_fine() -> None:
    with pytest.raises(Conflict) as exc:
        DOOR.check(Door(status="shut", locks=1), "open")
    assert exc.value.code == "locked"
    with pytest.raises(Conflict) as exc:
        DOOR.check(Door(status="gone", locks=1), "open")
    assert exc.value.code == "not_now"  # the state is checked first
    assert DOOR.check(Door(status="shut"), "open") == "open"


def test_apply_runs_the_effect_with_the_old_state_and_the_context_then_sets_the_new_one() -> None:
    door = Door(status="shut")
    assert DOOR.apply(door, "lock", by="keeper", when="tonight") == "shut"
    assert door.seen == [("shut", {"when": "tonight"})]
    assert door.locks == 1
    assert DOOR.apply(door, "remove", by="keeper") == "gone"
    assert door.status == "gone"


def test_a_refused_apply_changes_nothing() -> None:
    door = Door(status="open")
    with pytest.raises(Conflict):
        DOOR.apply(door, "lock", by="keeper")
    assert (door.status, door.locks, door.seen) == ("open", 0, [])


def test_the_refusals_are_translated() -> None:
    with translation.override("nl"), pytest.raises(DomainError) as exc:
        DOOR.check(Door(), "fly")
    assert str(exc.value.message) == "Onbekende actie."


@pytest.mark.parametrize(
    "transitions",
    [
        [Transition("shut", {"open"}, "shut"), Transition("shut", {"gone"}, "shut")],
        [Transition("shut", {"ajar"}, "shut")],
        [Transition("shut", {"open"}, "slammed")],
    ],
    ids=["action twice", "unknown source", "unknown target"],
)
def test_a_table_with_a_mistake_is_refused_when_it_is_made(transitions: list[Transition]) -> None:
    with pytest.raises(ValueError):
        Workflow(transitions, states=STATES, refused=Refusal(Conflict, "no", "No."))
