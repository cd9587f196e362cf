"""The referral lifecycle as a table; services enforce it.

concept → verstuurd → geaccepteerd → afspraak gepland → opgelost, and teruggestuurd (with a reason,
back to the specialist, who can send again) and ingetrokken. Each action belongs to one side:
the sender (counter staff of the help request's municipality) or the receiver (the organisation
the referral is addressed to: its liaisons, or its own system through the API).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Referral

S = Referral.Status
SENDER = "sender"
RECEIVER = "receiver"
OPEN_STATES = frozenset({S.SENT, S.ACCEPTED, S.APPOINTMENT})


@dataclass(frozen=True)
class Transition:
    allowed_from: frozenset[str]
    to: str | None  # None: the status stays (a question or an answer)
    side: str
    needs_note: bool = False


TRANSITIONS: dict[str, Transition] = {
    "send": Transition(frozenset({S.CONCEPT, S.RETURNED}), S.SENT, SENDER),
    "withdraw": Transition(
        frozenset({S.CONCEPT, S.SENT, S.ACCEPTED, S.APPOINTMENT, S.RETURNED}),
        S.WITHDRAWN,
        SENDER,
        needs_note=True,
    ),
    "answer": Transition(OPEN_STATES | {S.RETURNED}, None, SENDER, needs_note=True),
    "accept": Transition(frozenset({S.SENT}), S.ACCEPTED, RECEIVER),
    "plan": Transition(frozenset({S.SENT, S.ACCEPTED, S.APPOINTMENT}), S.APPOINTMENT, RECEIVER),
    "resolve": Transition(frozenset({S.ACCEPTED, S.APPOINTMENT}), S.RESOLVED, RECEIVER),
    "return": Transition(OPEN_STATES, S.RETURNED, RECEIVER, needs_note=True),
    "ask": Transition(OPEN_STATES, None, RECEIVER, needs_note=True),
}


def target(action: str, current: str) -> str | None:
    """The status `action` leads to from `current`, or None when the move is not allowed."""
    transition = TRANSITIONS[action]
    if current not in transition.allowed_from:
        return None
    return transition.to or current
