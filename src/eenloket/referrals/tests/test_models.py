"""The referral states in three groups, written out here rather than read from the model."""

import pytest

from eenloket.referrals.models import Referral

ALL_STATES = {
    "draft",
    "sent",
    "accepted",
    "appointment_planned",
    "resolved",
    "returned",
    "withdrawn",
}
OPEN = {"sent", "accepted", "appointment_planned"}
WITH_COUNTER = {"draft", "returned"}
DONE = {"resolved", "withdrawn"}


def test_the_states_are_the_ones_written_here() -> None:
    assert set(Referral.Status.values) == ALL_STATES


def test_open_with_counter_and_done_hold_every_state_exactly_once() -> None:
    assert Referral.OPEN == OPEN
    assert Referral.WITH_COUNTER == WITH_COUNTER
    assert Referral.DONE == DONE
    for state in ALL_STATES:
        groups = [Referral.OPEN, Referral.WITH_COUNTER, Referral.DONE]
        assert sum(state in group for group in groups) == 1, state


@pytest.mark.parametrize("state", sorted(ALL_STATES))
def test_each_referral_says_which_group_it_is_in(state: str) -> None:
    referral = Referral(status=state)
    assert (referral.is_open, referral.is_with_counter, referral.is_done) == (
        state in OPEN,
        state in WITH_COUNTER,
        state in DONE,
    )


@pytest.mark.parametrize(
    ("state", "confirmed", "awaits"),
    [("resolved", False, True), ("resolved", True, False), ("accepted", False, False)],
)
def test_only_a_resolved_unconfirmed_referral_awaits_confirmation(
    state: str, confirmed: bool, awaits: bool
) -> None:
    from django.utils import timezone

    referral = Referral(status=state, confirmed_at=timezone.now() if confirmed else None)
    assert referral.awaits_confirmation is awaits
