"""Every service on a contact or help request checks the acting worker's municipality itself, so
no caller (page, API, task) can act across municipalities: a specialist of Amersfoort is refused
on Utrecht's case, as if it did not exist, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.common.errors import NotFound
from eenloket.contacts import services
from eenloket.contacts.models import Channel, Contact, HelpRequest, SuggestionDecision
from eenloket.organisations.models import Organisation
from eenloket.residents.models import Consent, Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def utrecht(demo: dict[str, str]) -> dict[str, Any]:
    specialist = User.objects.get(username="specialist")
    resident = Resident.objects.get(name="Aisha Haddou")
    contact = services.contact_register(
        user=specialist, channel=Channel.PHONE, resident=resident, question="Vraag over de WW"
    )
    help_request = services.help_request_open(
        user=specialist, resident=resident, story="Ontslagen, geen inkomen."
    )
    question = services.question_add(
        user=specialist,
        help_request=help_request,
        organisation=Organisation.objects.get(code="uwv"),
        text="WW aanvragen",
    )
    consent = services.help_request_consent_record(
        user=specialist,
        help_request=help_request,
        organisation=Organisation.objects.get(code="uwv"),
        scope="De vraag over de WW",
        purpose="Terugbellen",
        given_how="verbal",
    )
    return {
        "contact": contact,
        "help_request": help_request,
        "question": question,
        "consent": consent,
    }


CALLS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "contact_close": lambda u, c: services.contact_close(
        user=u, contact=c["contact"], outcome=Contact.Outcome.ANSWERED
    ),
    "contact_hand_on": lambda u, c: services.contact_hand_on(
        user=u, contact=c["contact"], story="Doorzetten"
    ),
    "question_add": lambda u, c: services.question_add(
        user=u,
        help_request=c["help_request"],
        organisation=Organisation.objects.get(code="svb"),
        text="AOW",
    ),
    "question_resolve": lambda u, c: services.question_resolve(
        user=u, question=c["question"], status="answered", resolution="Klaar"
    ),
    "help_request_note_add": lambda u, c: services.help_request_note_add(
        user=u, help_request=c["help_request"], text="Notitie"
    ),
    "help_request_take": lambda u, c: services.help_request_take(
        user=u, help_request=c["help_request"]
    ),
    "help_request_park": lambda u, c: services.help_request_park(
        user=u, help_request=c["help_request"], reason="Wachten"
    ),
    "help_request_close": lambda u, c: services.help_request_close(
        user=u, help_request=c["help_request"], note="Klaar"
    ),
    "help_request_reopen": lambda u, c: services.help_request_reopen(
        user=u, help_request=c["help_request"], reason="Opnieuw"
    ),
    "help_request_follow_up": lambda u, c: services.help_request_follow_up(
        user=u, help_request=c["help_request"], at=timezone.now(), note="Bellen"
    ),
    # The acting worker hands it to themselves: a valid colleague of their own municipality.
    "help_request_assign": lambda u, c: services.help_request_assign(
        user=u, help_request=c["help_request"], colleague=u
    ),
    "help_request_consent_record": lambda u, c: services.help_request_consent_record(
        user=u,
        help_request=c["help_request"],
        organisation=Organisation.objects.get(code="svb"),
        scope="AOW",
        purpose="Terugbellen",
        given_how="verbal",
    ),
    "help_request_consent_withdraw": lambda u, c: services.help_request_consent_withdraw(
        user=u, help_request=c["help_request"], consent=c["consent"]
    ),
    "suggestion_decide": lambda u, c: services.suggestion_decide(
        user=u,
        help_request=c["help_request"],
        kind=SuggestionDecision.Kind.TOPIC,
        code="svb.aow",
        accept=True,
    ),
}


def snapshot(case: dict[str, Any]) -> tuple[Any, ...]:
    help_request = HelpRequest.objects.get(pk=case["help_request"].pk)
    contact = Contact.objects.get(pk=case["contact"].pk)
    return (
        help_request.status,
        help_request.assigned_to_id,
        help_request.timeline.count(),
        help_request.questions.count(),
        sorted(help_request.questions.values_list("status", flat=True)),
        contact.outcome,
        HelpRequest.objects.count(),
        SuggestionDecision.objects.count(),
        sorted(Consent.objects.values_list("pk", "withdrawn_at")),
    )


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_worker_of_another_municipality_is_refused(name: str, utrecht: dict[str, Any]) -> None:
    other = User.objects.get(username="specialist-amersfoort")
    before = snapshot(utrecht)
    with pytest.raises(NotFound):
        CALLS[name](other, utrecht)
    assert snapshot(utrecht) == before
