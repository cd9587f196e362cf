"""Pages run as many queries for one row as for many: each row a page shows comes with its joins
(`select_related`/`prefetch_related` in the selector), so a missing join shows as a count that
grows with the rows (N+1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eenloket.accounts.tests.helpers import login_verified
from eenloket.contacts import services
from eenloket.contacts.models import Channel, HelpRequest
from eenloket.knowledge.models import Topic
from eenloket.organisations.models import Location, Organisation, ProfessionalLine, Role
from eenloket.organisations.tests.factories import LocationFactory, staff
from eenloket.portal.services import online_request_submit
from eenloket.referrals import services as referral_services
from eenloket.referrals.models import LineCall, Referral
from eenloket.residents.models import Resident
from eenloket.residents.services import consent_record
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

MANY = 6


def count_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@dataclass
class Counter:
    """A municipality with a location, a specialist, a professional line, and UWV's liaison."""

    specialist: Any
    liaison: Any
    location: Location
    uwv: Organisation
    line: ProfessionalLine

    def client(self, who: str) -> Client:
        client = Client()
        login_verified(client, getattr(self, who))
        return client


@pytest.fixture
def counter() -> Counter:
    specialist = staff(Role.SPECIALIST)
    uwv = Organisation.objects.get(code="uwv")
    return Counter(
        specialist=specialist,
        liaison=staff(Role.AGENCY_LIAISON, organisation=uwv),
        location=LocationFactory(municipality=specialist.membership.organisation),
        uwv=uwv,
        line=ProfessionalLine.objects.create(organisation=uwv, name="Ketenlijn", phone="088"),
    )


def add_case(counter: Counter, n: int) -> Resident:
    """One resident with one row in every list of the counter pages and the liaison's pages:
    an open contact, an online request, a help request waiting at the location, and one the
    specialist handles with a follow-up due, a late referral to UWV and a promised callback."""
    user, now = counter.specialist, timezone.now()
    resident = ResidentFactory(municipality=counter.location.municipality)
    services.contact_register(
        user=user, channel=Channel.PHONE, question="Brief gekregen", resident=resident
    )
    online_request_submit(
        location=counter.location,
        kind="callback",
        about="Graag terugbellen",
        name=f"Aanvrager {resident.name}",
        reach_by="email",
        email=f"aanvrager{resident.pk}@example.org",
        sender=f"10.0.{n}.{resident.pk % 250}",
    )
    services.help_request_open(
        user=user, resident=resident, story="Ik wacht", location=counter.location
    )
    mine = services.help_request_open(user=user, resident=resident, story="Ontslagen")
    services.help_request_take(user=user, help_request=mine)
    services.help_request_follow_up(user=user, help_request=mine, at=now - dt.timedelta(hours=1))
    question = services.question_add(
        user=user,
        help_request=mine,
        organisation=counter.uwv,
        text=f"WW-vraag van {resident.name}",
        topic=Topic.objects.filter(organisation_code="uwv").first(),
    )
    consent = consent_record(
        user=user,
        resident=resident,
        help_request=mine,
        organisation=counter.uwv,
        scope="De WW-vraag",
        purpose="Terugbellen",
        given_how="verbal",
    )
    referral = referral_services.referral_create(
        user=user,
        question=question,
        consent=consent,
        situation="Ontslagen",
        request="Bel terug",
        reachable="06-12345678",
    )
    referral_services.referral_act(user=user, referral=referral, action="send")
    Referral.objects.filter(pk=referral.pk).update(due_at=now - dt.timedelta(hours=1))
    referral_services.line_call_log(
        user=user,
        help_request=mine,
        line=counter.line,
        outcome=LineCall.Outcome.CALLBACK,
        callback_due=now + dt.timedelta(days=1),
    )
    return resident


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("specialist", "/workspace/contacts/"),
        ("specialist", "/workspace/help-requests/"),
        ("specialist", "/workspace/"),
        ("specialist", "/workspace/worklist/?location=all"),
        ("liaison", "/workspace/referrals/"),
        ("liaison", "/workspace/"),
    ],
)
def test_list_pages_run_as_many_queries_for_many_rows_as_for_one(
    counter: Counter, who: str, url: str
) -> None:
    client = counter.client(who)
    residents = [add_case(counter, 0)]
    client.get(url)  # caches filled on the first request do not count
    one, _ = count_queries(client, url)
    residents += [add_case(counter, n) for n in range(1, MANY)]
    many, page = count_queries(client, url)
    assert all(r.name in page for r in residents), "every row is on the page"
    assert many == one


def test_help_request_page_runs_as_many_queries_for_many_rows_as_for_one(
    counter: Counter,
) -> None:
    """Questions to several organisations, each with a topic, a consent, a referral, a line that
    serves the topic and a call to it; earlier help requests of the resident; the timeline."""
    user = counter.specialist
    resident = ResidentFactory(municipality=counter.location.municipality)
    help_request = services.help_request_open(user=user, resident=resident, story="Ontslagen")
    services.help_request_take(user=user, help_request=help_request)
    agencies = list(Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("code"))

    def add_row(agency: Organisation) -> None:
        topic = Topic.objects.filter(organisation_code=agency.code).order_by("code").first()
        question = services.question_add(
            user=user,
            help_request=help_request,
            organisation=agency,
            text=f"Vraag aan {agency.code}",
            topic=topic,
        )
        consent = consent_record(
            user=user,
            resident=resident,
            help_request=help_request,
            organisation=agency,
            scope="De vraag",
            purpose="Terugbellen",
            given_how="verbal",
        )
        referral_services.referral_create(
            user=user,
            question=question,
            consent=consent,
            situation="Ontslagen",
            request="Bel terug",
            reachable="06-12345678",
        )
        line = ProfessionalLine.objects.create(
            organisation=agency, name=f"Lijn {agency.code}", phone="088"
        )
        line.topics.add(topic)
        referral_services.line_call_log(
            user=user, help_request=help_request, line=line, outcome=LineCall.Outcome.ANSWERED
        )
        earlier = services.help_request_open(user=user, resident=resident, story="Eerder")
        services.help_request_take(user=user, help_request=earlier)

    url = f"/workspace/help-requests/{help_request.pk}/"
    client = counter.client("specialist")
    add_row(agencies[0])
    client.get(url)
    one, _ = count_queries(client, url)
    for agency in agencies[1:MANY]:
        add_row(agency)
    many, page = count_queries(client, url)
    assert all(f"Vraag aan {agency.code}" in page for agency in agencies[:MANY])
    assert HelpRequest.objects.filter(resident=resident).count() == MANY + 1
    assert many == one
