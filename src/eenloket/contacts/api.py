"""JSON operations on contacts and help requests; the same selectors and services as the pages."""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictInt

from eenloket.accounts.types import Actor, api_actor
from eenloket.audit.services import Shown, access_log_shown
from eenloket.common.errors import DomainError
from eenloket.common.pagination import BoundedLimitOffset
from eenloket.knowledge.models import Topic
from eenloket.organisations.selectors import require_counter_staff
from eenloket.residents.selectors import resident_get

from . import selectors, services
from .models import Channel, Contact, HelpRequest

router = Router(tags=["contacts"])


def _user(request: HttpRequest) -> Actor:
    """The counter worker that authenticated (session or token); other roles get 403, as on the
    staff pages."""
    user = api_actor(request)
    require_counter_staff(user)
    return user


class LoggedPage(BoundedLimitOffset):
    """A page of a list whose residents are logged as read: one line each, in one insert."""

    def __init__(self, *, lines: Callable[[Iterable[Any]], list[Shown]], **kwargs: Any) -> None:
        self.lines = lines
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        access_log_shown(user=_user(request), shown=self.lines(items))
        page[self.items_attribute] = items
        return page


class ContactOut(Schema):
    id: int
    channel: str
    created_at: dt.datetime
    location: str | None = Field(None, alias="location.slug")
    resident_id: int | None
    question: str
    answer: str
    topic: str | None = Field(None, alias="topic.code")
    outcome: str
    help_request_id: int | None


class ContactIn(Schema):
    channel: Channel
    question: str = Field(..., min_length=1, max_length=2000, pattern=r"\S")
    answer: str = Field("", max_length=4000)
    topic: str | None = None
    outcome: str = ""
    resident_id: StrictInt | None = None


class ContactFilter(Schema):
    channel: Channel | None = None
    open: bool = False


class QuestionOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.code")
    topic: str | None = Field(None, alias="topic.code")
    text: str
    status: str
    resolution: str


class HelpRequestOut(Schema):
    id: int
    reference: str
    status: HelpRequest.Status
    created_at: dt.datetime
    location: str | None = Field(None, alias="location.slug")
    resident_id: int
    story: str
    assigned_to: str | None = Field(None, alias="assigned_to.username")


class HelpRequestDetailOut(HelpRequestOut):
    questions: list[QuestionOut]


class HelpRequestIn(Schema):
    resident_id: StrictInt
    story: str = Field(..., min_length=1, max_length=8000, pattern=r"\S")


class HelpRequestFilter(Schema):
    status: HelpRequest.Status | None = None
    mine: bool = False


def _topic(code: str | None) -> Topic | None:
    if not code:
        return None
    topic = Topic.objects.filter(code=code).first()
    if topic is None:
        raise DomainError("unknown_topic", "Unknown topic code.", field="topic")
    return topic


@router.get("/contacts", response=list[ContactOut], operation_id="contacts_list")
@paginate(LoggedPage, lines=selectors.contact_lines)
def contacts_list(request: HttpRequest, filters: Query[ContactFilter]) -> Any:
    return selectors.contact_list(
        user=_user(request),
        channel=filters.channel or "",
        open_only=filters.open,
    )


@router.get("/contacts/{contact_id}", response=ContactOut, operation_id="contacts_get")
def contacts_get(request: HttpRequest, contact_id: int) -> Contact:
    return selectors.contact_get(user=_user(request), pk=contact_id)


@router.post("/contacts", response={201: ContactOut}, operation_id="contacts_create")
def contacts_create(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    user = _user(request)
    resident = (
        resident_get(user=user, pk=payload.resident_id, purpose="register_contact")
        if payload.resident_id
        else None
    )
    contact = services.contact_register(
        user=user,
        channel=payload.channel,
        question=payload.question,
        answer=payload.answer,
        topic=_topic(payload.topic),
        outcome=payload.outcome,
        resident=resident,
    )
    return Status(201, contact)


@router.get("/help-requests", response=list[HelpRequestOut], operation_id="help_requests_list")
@paginate(LoggedPage, lines=selectors.help_request_lines)
def help_requests_list(request: HttpRequest, filters: Query[HelpRequestFilter]) -> Any:
    return selectors.help_request_list(
        user=_user(request),
        status=filters.status or "",
        mine=filters.mine,
    )


@router.get(
    "/help-requests/{help_request_id}",
    response=HelpRequestDetailOut,
    operation_id="help_requests_get",
)
def help_requests_get(request: HttpRequest, help_request_id: int) -> HelpRequest:
    return selectors.help_request_get(user=_user(request), pk=help_request_id)


@router.post(
    "/help-requests", response={201: HelpRequestDetailOut}, operation_id="help_requests_create"
)
def help_requests_create(request: HttpRequest, payload: HelpRequestIn) -> Status[HelpRequest]:
    user = _user(request)
    resident = resident_get(user=user, pk=payload.resident_id, purpose="handle_help_request")
    help_request = services.help_request_open(user=user, resident=resident, story=payload.story)
    return Status(201, selectors.help_request_get(user=user, pk=help_request.pk))
