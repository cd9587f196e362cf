"""The help request's timeline is written here and nowhere else: one function per kind of event.
Other apps (referrals, appointments) call these; a test refuses any other writer.

The timeline is append-only history (`common.models.AppendOnlyModel`); the messages are in the
language of the worker who acted, as they were said at the time."""

from __future__ import annotations

from django.utils.translation import gettext as _

from eenloket.accounts.types import Actor

from .models import HelpRequest, TimelineEvent

Kind = TimelineEvent.Kind


def _write(
    help_request: HelpRequest | int, user: Actor | None, kind: str, message: str
) -> TimelineEvent:
    help_request_id = help_request if isinstance(help_request, int) else help_request.pk
    return TimelineEvent.objects.create(
        help_request_id=help_request_id,
        actor=user if user is not None and user.is_authenticated else None,
        kind=kind,
        message=message,
    )


def opened(help_request: HelpRequest, *, user: Actor) -> TimelineEvent:
    return _write(help_request, user, Kind.CREATED, _("Help request opened."))


def contact(help_request: HelpRequest, *, user: Actor, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.CONTACT, message)


def question_added(help_request: HelpRequest, *, user: Actor, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.QUESTION_ADDED, message)


def question_resolved(help_request: HelpRequest, *, user: Actor, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.QUESTION_RESOLVED, message)


def note(help_request: HelpRequest, *, user: Actor, text: str) -> TimelineEvent:
    return _write(help_request, user, Kind.NOTE, text)


def assigned(help_request: HelpRequest, *, user: Actor, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.ASSIGNED, message)


def status(help_request: HelpRequest, *, user: Actor, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.STATUS, message)


def triage(help_request: HelpRequest, *, user: Actor, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.TRIAGE, message)


def follow_up(help_request: HelpRequest, *, user: Actor, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.FOLLOW_UP, message)


def consent(help_request: HelpRequest | int, *, user: Actor, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.CONSENT, message)


def referral(help_request: HelpRequest | int, *, user: Actor | None, message: str) -> TimelineEvent:
    return _write(help_request, user, Kind.REFERRAL, message)


def appointment(
    help_request: HelpRequest | int, *, user: Actor | None, message: str
) -> TimelineEvent:
    return _write(help_request, user, Kind.APPOINTMENT, message)
