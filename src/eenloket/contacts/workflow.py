"""The help request lifecycle as a table; services enforce it, the detail page asks it which
actions to offer.

new → in_progress ⇄ parked, any open state → closed → (reopened) in_progress. Adding a
question, setting a follow-up, deciding on a triage suggestion and referring a question to an
organisation (`referrals.services.referral_create`) keep the state, and only while the help
request is open.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.accounts.types import Actor
from eenloket.common.errors import Conflict, DomainError
from eenloket.common.workflow import STAYS, Refusal, Transition, Workflow

from .models import HelpRequest

S = HelpRequest.Status
OPEN = frozenset({S.NEW, S.IN_PROGRESS, S.PARKED})
REOPEN_FIRST = Refusal(
    Conflict, "help_request_closed", gettext_lazy("Reopen the help request first.")
)


def _not_someone_elses(
    help_request: HelpRequest, *, user: Actor, **_context: Any
) -> DomainError | None:
    """A colleague who is handling it is named, so the two can talk."""
    if help_request.status == S.IN_PROGRESS and help_request.assigned_to_id not in (None, user.pk):
        return Conflict(
            "already_taken",
            _("%(name)s is already handling this help request.")
            % {"name": help_request.assigned_to},
        )
    return None


def _every_question_has_an_outcome(
    help_request: HelpRequest, **_context: Any
) -> DomainError | None:
    if not help_request.can_close():
        return Conflict("open_questions", _("Record an outcome for every question before closing."))
    return None


HELP_REQUEST = Workflow(
    [
        Transition("take", OPEN, S.IN_PROGRESS, guard=_not_someone_elses),
        Transition("assign", OPEN, S.IN_PROGRESS, refused=REOPEN_FIRST),
        Transition("park", {S.IN_PROGRESS}, S.PARKED, needs_note=True),
        Transition("close", OPEN, S.CLOSED, guard=_every_question_has_an_outcome),
        Transition("reopen", {S.CLOSED}, S.IN_PROGRESS, needs_note=True),
        Transition("add_question", OPEN, STAYS, refused=REOPEN_FIRST),
        Transition("follow_up", OPEN, STAYS, refused=REOPEN_FIRST),
        Transition("decide", OPEN, STAYS, refused=REOPEN_FIRST),
        Transition("refer", OPEN, STAYS, refused=REOPEN_FIRST),
    ],
    states=S.choices,
    refused=Refusal(
        Conflict,
        "transition_not_allowed",
        gettext_lazy("This is not possible while the help request is '%(status)s'."),
    ),
)
