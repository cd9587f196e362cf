"""Reads of contacts and help requests, scoped to the viewer.

Counter staff see their municipality's contacts and cases; an agency liaison sees only help
requests with a question addressed to their organisation; everyone else sees none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.accounts.types import Actor, require_account
from eenloket.audit.services import Action, Shown, access_log_record
from eenloket.common.errors import NotFound
from eenloket.organisations.models import Role
from eenloket.organisations.selectors import counter_municipality_id

from .models import Contact, HelpRequest, Question, SuggestionDecision, TimelineEvent


def contacts_for(user: Actor) -> QuerySet[Contact]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Contact.objects.none()
    return Contact.objects.filter(municipality_id=municipality_id)


def contact_list(*, user: Actor, channel: str = "", open_only: bool = False) -> QuerySet[Contact]:
    qs = contacts_for(user).select_related("resident", "location", "topic", "created_by")
    if channel:
        qs = qs.filter(channel=channel)
    if open_only:
        qs = qs.filter(outcome="")
    return qs


def contact_lines(contacts: Iterable[Contact]) -> list[Shown]:
    """The access-log lines of a page of contacts (`audit.services.access_log_shown`); an
    anonymous contact names nobody."""
    return [(c.resident_id, c, "handle_contact") for c in contacts]


def help_request_lines(help_requests: Iterable[HelpRequest]) -> list[Shown]:
    """The access-log lines of a page of help requests."""
    return [(h.resident_id, h, "handle_help_request") for h in help_requests]


def contact_get(*, user: Actor, pk: int, purpose: str = "handle_contact") -> Contact:
    contact = (
        contacts_for(user)
        .select_related(
            "resident",
            "location",
            "topic",
            "created_by",
            "help_request",
            "article",
            "online_request",
        )
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise NotFound("not_found", "Not found.")
    if contact.resident_id:
        access_log_record(
            user=user,
            resident_id=contact.resident_id,
            action=Action.READ,
            purpose=purpose,
            obj=contact,
        )
    return contact


def help_requests_for(user: Actor) -> QuerySet[HelpRequest]:
    """Counter staff see their municipality's help requests. Nobody else sees a help request:
    an agency liaison sees only the referrals addressed to their organisation."""
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return HelpRequest.objects.none()
    return HelpRequest.objects.filter(municipality_id=municipality_id)


def _question_count(status: str = "") -> Coalesce:
    """Questions per help request as a correlated subquery: computed only for the rows shown,
    instead of grouping every help request of the municipality."""
    questions = Question.objects.filter(help_request=OuterRef("pk"))
    if status:
        questions = questions.filter(status=status)
    counted = questions.order_by().values("help_request").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def help_request_list(
    *, user: Actor, status: str = "", mine: bool = False
) -> QuerySet[HelpRequest]:
    qs = (
        help_requests_for(user)
        .select_related("resident", "location", "assigned_to")
        .annotate(
            question_count=_question_count(),
            open_question_count=_question_count(Question.Status.OPEN),
        )
        .order_by("-created_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(assigned_to=require_account(user))
    return qs


def help_request_get(*, user: Actor, pk: int, purpose: str = "handle_help_request") -> HelpRequest:
    """One help request with its questions and timeline; the read of the resident's data is logged."""
    help_request = (
        help_requests_for(user)
        .select_related("resident", "location", "assigned_to", "created_by", "municipality")
        .prefetch_related(
            Prefetch(
                "questions", queryset=Question.objects.select_related("organisation", "topic")
            ),
            Prefetch("timeline", queryset=TimelineEvent.objects.select_related("actor")),
            "life_events",
        )
        .filter(pk=pk)
        .first()
    )
    if help_request is None:
        raise NotFound("not_found", "Not found.")
    access_log_record(
        user=user,
        resident_id=help_request.resident_id,
        action=Action.READ,
        purpose=purpose,
        obj=help_request,
    )
    return help_request


WORKLIST_LIMIT = 50


def worklist(*, user: Actor, location_id: int | None = None) -> dict[str, list[HelpRequest]]:
    """A specialist's worklist: residents waiting (longest first), my help requests, and
    follow-ups that are due. Each part is capped; the full lists are on the help request list."""
    base = help_request_list(user=user)
    waiting = base.filter(status=HelpRequest.Status.NEW)
    if location_id is not None:
        waiting = waiting.filter(location_id=location_id)
    mine = base.filter(assigned_to=require_account(user)).exclude(status=HelpRequest.Status.CLOSED)
    due = base.filter(follow_up_at__lte=timezone.now()).exclude(status=HelpRequest.Status.CLOSED)
    return {
        "waiting": list(waiting.order_by("created_at", "id")[:WORKLIST_LIMIT]),
        "mine": list(
            mine.order_by(F("follow_up_at").asc(nulls_last=True), "-updated_at", "-id")[
                :WORKLIST_LIMIT
            ]
        ),
        "due": list(due.order_by("follow_up_at", "id")[:WORKLIST_LIMIT]),
    }


def resident_history(
    *, user: Actor, resident_id: int, exclude_help_request: int | None = None
) -> dict[str, list[Any]]:
    """The resident's earlier contacts and help requests within the viewer's scope."""
    help_requests = help_requests_for(user).filter(resident_id=resident_id)
    if exclude_help_request is not None:
        help_requests = help_requests.exclude(pk=exclude_help_request)
    return {
        "help_requests": list(
            help_requests.select_related("assigned_to").order_by("-created_at")[:20]
        ),
        "contacts": list(
            contacts_for(user)
            .filter(resident_id=resident_id)
            .select_related("created_by", "topic")
            .order_by("-created_at")[:20]
        ),
    }


def suggestion_decisions(help_request: HelpRequest) -> dict[tuple[str, str], SuggestionDecision]:
    return {
        (d.kind, d.code): d
        for d in SuggestionDecision.objects.filter(help_request=help_request).select_related(
            "decided_by"
        )
    }


def colleagues_for(user: Actor) -> QuerySet[User]:
    """The specialists of the viewer's municipality a help request can be handed to."""
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__organisation_id=municipality_id,
            membership__role__in=[Role.SPECIALIST, Role.LOCATION_MANAGER],
        )
        .exclude(pk=require_account(user).pk)
        .order_by("first_name", "last_name", "username")
    )


def online_requests_open(*, user: Actor, location_id: int | None = None) -> list[Contact]:
    """Questions and callback requests sent online that nobody has closed yet, due first."""
    qs = contacts_for(user).filter(channel="online", outcome="", online_request__isnull=False)
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    return list(
        qs.select_related("online_request", "location").order_by("online_request__due_at")[
            :WORKLIST_LIMIT
        ]
    )
