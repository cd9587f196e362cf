"""The appointment lifecycle as a table; services enforce it, pages ask it which actions to offer.

booked → cancelled (by the resident through their link, or by staff), → no_show or done (staff,
once it has started). Moving it to another time keeps it booked.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.common.errors import Conflict, DomainError
from eenloket.common.workflow import STAYS, Refusal, Transition, Workflow

from .models import Appointment

S = Appointment.Status
RESIDENT = "resident"  # through the link in their confirmation; no account
STAFF = "staff"
ANYONE = {RESIDENT, STAFF}


def _has_started(appointment: Appointment, **_context: Any) -> DomainError | None:
    if appointment.starts_at > timezone.now():
        return Conflict("not_yet", _("This appointment has not started yet."))
    return None


APPOINTMENT = Workflow(
    [
        Transition("cancel", {S.BOOKED}, S.CANCELLED, by=ANYONE),
        Transition("no_show", {S.BOOKED}, S.NO_SHOW, by={STAFF}, guard=_has_started),
        Transition("done", {S.BOOKED}, S.DONE, by={STAFF}, guard=_has_started),
        Transition("reschedule", {S.BOOKED}, STAYS, by=ANYONE),
    ],
    states=S.choices,
    refused=Refusal(
        Conflict, "not_booked", gettext_lazy("This appointment cannot be changed any more.")
    ),
    # To a resident, the staff-only statuses do not exist.
    forbidden=Refusal(DomainError, "invalid_status", gettext_lazy("Unknown status.")),
)

# The action behind each status that staff (and the API) may set on an appointment.
ACTION_FOR_STATUS: dict[str, str] = {t.to: t.action for t in APPOINTMENT if t.to is not None}
