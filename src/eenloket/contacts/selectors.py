"""Reads of contacts and help requests, scoped to the viewer.

Counter staff see their municipality's contacts and cases; an agency liaison sees only help
requests with a question addressed to their organisation; everyone else sees none.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from eenloket.audit.services import Action, access_log_record
from eenloket.common.errors import NotFound
from eenloket.organisations.models import Role
from eenloket.organisations.selectors import counter_municipality_id, membership_of

from .models import Contact, HelpRequest, Question, TimelineEvent


def contacts_for(user: Any) -> QuerySet[Contact]:
    municipality_id = counter_municipality_id(user)
    if municipality_id is None:
        return Contact.objects.none()
    return Contact.objects.filter(municipality_id=municipality_id)


def contact_list(*, user: Any, channel: str = "", open_only: bool = False) -> QuerySet[Contact]:
    qs = contacts_for(user).select_related("resident", "location", "topic", "created_by")
    if channel:
        qs = qs.filter(channel=channel)
    if open_only:
        qs = qs.filter(outcome="")
    return qs


def contact_get(*, user: Any, pk: int, purpose: str = "handle_contact") -> Contact:
    contact = (
        contacts_for(user)
        .select_related("resident", "location", "topic", "created_by", "help_request")
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


def help_requests_for(user: Any) -> QuerySet[HelpRequest]:
    membership = membership_of(user)
    if membership is None:
        return HelpRequest.objects.none()
    municipality_id = counter_municipality_id(user)
    if municipality_id is not None:
        return HelpRequest.objects.filter(municipality_id=municipality_id)
    if membership.role == Role.AGENCY_LIAISON and membership.organisation_id is not None:
        addressed = Question.objects.filter(
            help_request=OuterRef("pk"), organisation_id=membership.organisation_id
        )
        return HelpRequest.objects.filter(Exists(addressed))
    return HelpRequest.objects.none()


def help_request_list(*, user: Any, status: str = "", mine: bool = False) -> QuerySet[HelpRequest]:
    qs = (
        help_requests_for(user)
        .select_related("resident", "location", "assigned_to")
        .annotate(
            question_count=Count("questions", distinct=True),
            open_question_count=Count(
                "questions", filter=Q(questions__status="open"), distinct=True
            ),
        )
        .order_by("-created_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(assigned_to=user)
    return qs


def help_request_get(*, user: Any, pk: int, purpose: str = "handle_help_request") -> HelpRequest:
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


def help_request_get_by_reference(*, user: Any, reference: str) -> HelpRequest:
    pk = (
        help_requests_for(user)
        .filter(reference=reference.strip().upper())
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise NotFound("not_found", "Not found.")
    return help_request_get(user=user, pk=pk)
