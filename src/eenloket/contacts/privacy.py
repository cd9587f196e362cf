"""Contacts and help requests in the registry of personal data. A help request's questions,
timeline and triage decisions are part of it and go with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eenloket.common.personal_data import PersonalData, cutoff, register

from .models import Contact, HelpRequest, Question, SuggestionDecision, TimelineEvent

IN_CASE = ("help_request__resident",)


def _contact(contact: Contact) -> dict[str, Any]:
    return {
        "at": contact.created_at.isoformat(),
        "channel": contact.get_channel_display(),
        "question": contact.question,
        "answer": contact.answer,
        "outcome": contact.get_outcome_display(),
    }


def _help_request(request: HelpRequest) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "opened": request.created_at.isoformat(),
        "status": request.get_status_display(),
        "story": request.story,
    }


def _question(question: Question) -> dict[str, Any]:
    return {
        "help_request": question.help_request.reference,
        "organisation": question.organisation.name,
        "question": question.text,
        "status": question.get_status_display(),
        "answer": question.resolution,
    }


def _timeline(event: TimelineEvent) -> dict[str, Any]:
    return {
        "help_request": event.help_request.reference,
        "at": event.at.isoformat(),
        "kind": event.get_kind_display(),
        "message": event.message,
    }


def _closed_help_requests(now: dt.datetime) -> QuerySet[HelpRequest]:
    """Closed longer ago than their period; an open help request never goes."""
    return HelpRequest.objects.filter(
        status=HelpRequest.Status.CLOSED, closed_at__lt=cutoff("help_requests", now)
    )


def _loose_contacts(now: dt.datetime) -> QuerySet[Contact]:
    """Contacts outside a help request; those inside one go with it."""
    return Contact.objects.filter(help_request__isnull=True, created_at__lt=cutoff("contacts", now))


def _open_help_request(resident_id: int) -> str | None:
    if (
        HelpRequest.objects.filter(resident_id=resident_id)
        .exclude(status=HelpRequest.Status.CLOSED)
        .exists()
    ):
        return _("This resident has an open help request. Close it first, then erase.")
    return None


register(
    PersonalData(
        Contact,
        about="channel, question, answer, outcome of each contact",
        resident=("resident", *IN_CASE),
        section="contacts",
        export=_contact,
        order_by=("created_at", "pk"),
        retention="contacts",
        expired=_loose_contacts,
        part_of="contacts.HelpRequest",
        via="help_request",
    ),
    PersonalData(
        HelpRequest,
        about="the resident's story, status, who helps, follow-up date, life events",
        resident=("resident",),
        section="help_requests",
        export=_help_request,
        order_by=("created_at", "pk"),
        retention="help_requests",
        expired=_closed_help_requests,
        busy=_open_help_request,
    ),
    PersonalData(
        Question,
        about="each question for an organisation and its answer",
        resident=IN_CASE,
        section="questions",
        export=_question,
        order_by=("help_request__created_at", "pk"),
        part_of="contacts.HelpRequest",
        via="help_request",
    ),
    PersonalData(
        TimelineEvent,
        about="the help request's history: who did what, when, with notes",
        resident=IN_CASE,
        section="timeline",
        export=_timeline,
        order_by=("at", "pk"),
        part_of="contacts.HelpRequest",
        via="help_request",
    ),
    PersonalData(
        SuggestionDecision,
        about="which triage suggestions staff adopted or rejected, and why",
        resident=IN_CASE,
        part_of="contacts.HelpRequest",
        via="help_request",
    ),
)
