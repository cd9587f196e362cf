"""The help request lifecycle as a table; services enforce it."""

from __future__ import annotations

from .models import HelpRequest

S = HelpRequest.Status

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # action: (allowed from, to)
    "take": (frozenset({S.NEW, S.IN_PROGRESS, S.PARKED}), S.IN_PROGRESS),
    "park": (frozenset({S.IN_PROGRESS}), S.PARKED),
    "close": (frozenset({S.NEW, S.IN_PROGRESS, S.PARKED}), S.CLOSED),
    "reopen": (frozenset({S.CLOSED}), S.IN_PROGRESS),
}


def target(action: str, current: str) -> str | None:
    """The status `action` leads to from `current`, or None when the move is not allowed."""
    allowed_from, to = TRANSITIONS[action]
    return to if current in allowed_from else None
