"""The referral lifecycle as a table; services enforce it, the detail page asks it which actions
to offer each side.

draft → sent → accepted → appointment_planned → resolved, and returned (with a reason, back to
the specialist, who can send again) and withdrawn. Which states count as open, done or waiting on
the counter is said once, on `Referral`. Each action belongs to one side (`by`):
the sender (counter staff of the help request's municipality) or the receiver (the organisation
the referral is addressed to: its liaisons, or its own system through the API). An answer and a
question keep the state.

Each step's effect stamps its own fields; `referral_act` passes `now` (one moment for the whole
step) and `appointment_at`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.common.errors import Conflict, DomainError, PermissionDenied
from eenloket.common.workflow import STAYS, Refusal, Transition, Workflow
from eenloket.contacts.models import Question

from .models import Referral

S = Referral.Status
SENDER = "sender"
RECEIVER = "receiver"


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The moment `days` working days (Monday to Friday) after `start`."""
    moment = start
    added = 0
    while added < days:
        moment += dt.timedelta(days=1)
        if timezone.localtime(moment).weekday() < 5:
            added += 1
    return moment


def _consent_in_force(referral: Referral, **_context: Any) -> DomainError | None:
    """A step that shares (the handover, an answer, the agency taking it on or asking) needs the
    consent in force; resolving or returning is the agency telling us, which stays open."""
    if not referral.consent_in_force:
        return Conflict(
            "consent_withdrawn",
            _("The resident withdrew their consent: nothing more is shared on this referral."),
        )
    return None


def _appointment_given(
    referral: Referral, *, appointment_at: dt.datetime | None = None, **context: Any
) -> DomainError | None:
    if refused := _consent_in_force(referral, **context):
        return refused
    if appointment_at is None:
        return DomainError(
            "appointment_required",
            _("Give the date and time of the appointment."),
            field="appointment_at",
        )
    return None


def _sent(referral: Referral, *, now: dt.datetime, **_context: Any) -> None:
    referral.sent_at = now
    if referral.status == S.RETURNED:  # sent again: the organisation gets its full time again
        referral.due_at = add_working_days(now, referral.organisation.referral_days)
    # The question is its own row, so the step saves it; the service saves the referral.
    referral.question.status = Question.Status.REFERRED
    referral.question.save(update_fields=["status", "updated_at"])


def _accepted(referral: Referral, *, now: dt.datetime, **_context: Any) -> None:
    """The first acceptance counts, explicit or by planning an appointment."""
    if referral.accepted_at is None:
        referral.accepted_at = now


def _planned(
    referral: Referral, *, now: dt.datetime, appointment_at: dt.datetime, **_context: Any
) -> None:
    referral.appointment_at = appointment_at
    _accepted(referral, now=now)


def _resolved(referral: Referral, *, now: dt.datetime, **_context: Any) -> None:
    referral.resolved_at = now


def _returned(referral: Referral, **_context: Any) -> None:
    referral.return_count += 1


REFERRAL = Workflow(
    [
        Transition(
            "send",
            Referral.WITH_COUNTER,
            S.SENT,
            by={SENDER},
            guard=_consent_in_force,
            effect=_sent,
        ),
        Transition(
            "withdraw",
            Referral.OPEN | Referral.WITH_COUNTER,
            S.WITHDRAWN,
            by={SENDER},
            needs_note=True,
        ),
        Transition(
            "answer",
            Referral.OPEN | {S.RETURNED},
            STAYS,
            by={SENDER},
            needs_note=True,
            guard=_consent_in_force,
        ),
        Transition(
            "accept",
            {S.SENT},
            S.ACCEPTED,
            by={RECEIVER},
            guard=_consent_in_force,
            effect=_accepted,
        ),
        Transition(
            "plan",
            Referral.OPEN,
            S.APPOINTMENT,
            by={RECEIVER},
            guard=_appointment_given,
            effect=_planned,
        ),
        Transition(
            "resolve", {S.ACCEPTED, S.APPOINTMENT}, S.RESOLVED, by={RECEIVER}, effect=_resolved
        ),
        Transition(
            "return", Referral.OPEN, S.RETURNED, by={RECEIVER}, needs_note=True, effect=_returned
        ),
        Transition(
            "ask", Referral.OPEN, STAYS, by={RECEIVER}, needs_note=True, guard=_consent_in_force
        ),
    ],
    states=S.choices,
    refused=Refusal(
        Conflict,
        "transition_not_allowed",
        gettext_lazy(
            "This referral is '%(status)s' now; it cannot be changed that way. Reload the page."
        ),
    ),
    forbidden=Refusal(
        PermissionDenied, "wrong_side", gettext_lazy("The other side takes this step.")
    ),
)
