"""JSON operation of the triage engine; the same selector as the pages."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from eenloket.accounts.types import api_actor
from eenloket.organisations.selectors import require_role

from . import selectors
from .views import TRIAGE_USERS

router = Router(tags=["triage"])


class TriageIn(Schema):
    text: str = Field(..., min_length=1, max_length=selectors.MAX_TEXT_CHARS)
    answers: dict[str, str] = Field(
        default_factory=dict, description='Answers to follow-up questions: {"code": "ja"}.'
    )


class FollowUpQuestionOut(Schema):
    code: str
    text: str


class ExplanationOut(Schema):
    code: str
    kind: str
    rule: str
    because: list[str]


class TriageOut(Schema):
    agencies: list[str]
    topics: list[str]
    life_events: list[str]
    questions: list[FollowUpQuestionOut]
    explanations: list[ExplanationOut]


@router.post("/triage", response=TriageOut, summary="Triage a situation")
def triage(request: HttpRequest, data: TriageIn) -> dict[str, Any]:
    """The organisations, topics and life events a situation involves, the questions to ask
    next, and for every suggestion the words or answers that led to it. The text is sent in the
    body, never in a URL."""
    require_role(api_actor(request), TRIAGE_USERS)
    result = selectors.triage_engine().triage(data.text, data.answers)
    return result.as_dict(language=getattr(request, "LANGUAGE_CODE", "nl"))
