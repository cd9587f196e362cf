"""A lifecycle as a table of allowed transitions.

Each app with a lifecycle writes its table once, in its own `workflow.py`; services enforce it
with `check` (is this step allowed now? which state does it lead to?) or `apply` (check, run the
step's side effect, set the new state), and pages ask `allowed` which buttons to show.

    ARTICLE = Workflow(
        [
            Transition("publish", {S.DRAFT, S.ARCHIVED}, S.PUBLISHED, effect=_stamp_published),
            Transition("archive", {S.DRAFT, S.PUBLISHED}, S.ARCHIVED),
        ],
        states=S.choices,
        refused=Refusal(Conflict, "invalid_transition", _("... (%(status)s).")),
    )
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import DomainError, PermissionDenied

# The target of a step that keeps the state (a question, an answer, a reschedule).
STAYS = None

# Called as guard(obj, **context) before a step: None when it may go ahead, else the error to
# raise (its own code and message, e.g. "the appointment has not started yet").
Guard = Callable[..., DomainError | None]
# Called as effect(obj, **context) by `apply`, while `obj` still has its old state: sets the
# fields that belong to the step (closed_at, finished_at). It does not save; the service does.
Effect = Callable[..., None]


@dataclass(frozen=True)
class Refusal:
    """How a refused step is told: the error class, its stable code and a message that may name
    the current state as %(status)s."""

    error: type[DomainError]
    code: str
    message: str | Promise
    field: str | None = None

    def __call__(self, status: object = "") -> DomainError:
        return self.error(self.code, str(self.message) % {"status": status}, field=self.field)


@dataclass(frozen=True)
class Transition:
    """One step: `action` from any of `sources` to `to` (or STAYS), for the actors in `by`
    (empty: whoever the service lets in), with an optional guard and side effect.

    `needs_note` says the step must come with a reason or message; the service asks for it in
    its own words. `refused` replaces the table's refusal when this step's state is wrong."""

    action: str
    sources: AbstractSet[str]
    to: str | None
    by: AbstractSet[str] = frozenset()
    needs_note: bool = False
    guard: Guard | None = None
    effect: Effect | None = None
    refused: Refusal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "by", frozenset(self.by))

    def permits(self, by: str | None) -> bool:
        """Whether `by` may take this step (anyone, when the step names nobody)."""
        return not self.by or by in self.by


UNKNOWN_ACTION = Refusal(DomainError, "unknown_action", _("Unknown action."), field="action")
FORBIDDEN = Refusal(PermissionDenied, "forbidden", _("You may not do this in your role."))


class Workflow:
    """The transitions of one model's state field, looked up by action."""

    def __init__(
        self,
        transitions: Iterable[Transition],
        *,
        states: Iterable[tuple[str, Any]] | Mapping[str, Any],
        refused: Refusal,
        forbidden: Refusal = FORBIDDEN,
        field: str = "status",
    ) -> None:
        """`states`: every state with its label (a TextChoices' `.choices`); `refused`: the
        error when the current state does not allow a step; `forbidden`: when the actor may not
        take it; `field`: the attribute that holds the state."""
        self.labels: dict[str, Any] = dict(states)
        self.refused = refused
        self.forbidden = forbidden
        self.field = field
        self._transitions: dict[str, Transition] = {}
        for transition in transitions:
            if transition.action in self._transitions:
                raise ValueError(f"action {transition.action!r} is in the table twice")
            unknown = set(transition.sources) - set(self.labels)
            if transition.to is not STAYS and transition.to not in self.labels:
                unknown.add(transition.to)
            if unknown:
                raise ValueError(f"action {transition.action!r} names unknown states {unknown}")
            self._transitions[transition.action] = transition

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(self._transitions)

    def __iter__(self) -> Iterator[Transition]:
        return iter(self._transitions.values())

    def __contains__(self, action: object) -> bool:
        return action in self._transitions

    def __getitem__(self, action: str) -> Transition:
        return self._transitions[action]

    def target(self, action: str, current: str) -> str | None:
        """The state `action` leads to from `current` (`current` itself when it stays), or None
        when the table does not allow it. Guards and actors are not considered."""
        transition = self._transitions[action]
        if current not in transition.sources:
            return None
        return current if transition.to is STAYS else transition.to

    def allowed(self, current: str, *, by: str | None = None) -> list[str]:
        """The actions the table allows from `current` (for `by`, when given), in table order."""
        return [
            t.action
            for t in self._transitions.values()
            if current in t.sources and (by is None or t.permits(by))
        ]

    def check(self, obj: Any, action: str, *, by: str | None = None, **context: Any) -> str:
        """The state `action` takes `obj` to, or the domain error that says why not: an unknown
        action, an actor the step is not for, a state it is not allowed from, or its guard."""
        transition = self._transitions.get(action)
        if transition is None:
            raise UNKNOWN_ACTION()
        if not transition.permits(by):
            raise self.forbidden()
        current = getattr(obj, self.field)
        to = self.target(action, current)
        if to is None:
            raise (transition.refused or self.refused)(self.labels.get(current, current))
        if transition.guard is not None and (error := transition.guard(obj, **context)):
            raise error
        return to

    def apply(self, obj: Any, action: str, *, by: str | None = None, **context: Any) -> str:
        """`check`, then the step's side effect, then the new state on `obj` (not saved)."""
        to = self.check(obj, action, by=by, **context)
        effect = self._transitions[action].effect
        if effect is not None:
            effect(obj, **context)
        setattr(obj, self.field, to)
        return to
