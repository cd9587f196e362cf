"""The figures against numbers worked out by hand on a small fixed data set (March–April 2025,
one municipality of its own, so the demo data cannot interfere)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from eenloket.accounts.tests.helpers import login_verified
from eenloket.contacts.models import Contact, HelpRequest, Question
from eenloket.contacts.tests.factories import ContactFactory, HelpRequestFactory
from eenloket.feedback.models import Feedback, FeedbackInvite
from eenloket.insights import figures
from eenloket.knowledge.models import Article, SearchLog, Topic
from eenloket.organisations.models import Organisation, Role
from eenloket.organisations.tests.factories import LocationFactory, staff
from eenloket.queue.models import Queue, Ticket
from eenloket.referrals.models import Referral
from eenloket.residents.models import Consent
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Europe/Amsterdam")


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=ZONE)


@pytest.fixture
def world() -> dict[str, Any]:
    location = LocationFactory()
    municipality = location.municipality
    topic = Topic.objects.order_by("pk").first()
    uwv = Organisation.objects.get_or_create(
        code="uwv", defaults={"name": "UWV", "kind": "agency"}
    )[0]
    svb = Organisation.objects.get_or_create(
        code="svb", defaults={"name": "SVB", "kind": "agency"}
    )[0]
    r = ResidentFactory(municipality=municipality, name="Rian")
    s = ResidentFactory(municipality=municipality, name="Sem")

    def help_request(
        created: dt.datetime, closed: dt.datetime | None, orgs: list[Any]
    ) -> HelpRequest:
        hr = HelpRequestFactory(resident=r, municipality=municipality, location=location)
        HelpRequest.objects.filter(pk=hr.pk).update(
            created_at=created,
            status="closed" if closed else "new",
            closed_at=closed,
        )
        for org in orgs:
            Question.objects.create(help_request=hr, organisation=org, text="Vraag")
        return hr

    hr1 = help_request(at(3, 2), at(3, 6), [uwv, svb])
    hr2 = help_request(at(3, 10), None, [uwv])
    help_request(at(3, 12), at(3, 22), [])

    def contact(
        channel: str, outcome: str, when: dt.datetime, resident: Any = None, hr: Any = None
    ) -> Contact:
        made = ContactFactory(
            help_request=hr,
            municipality=municipality,
            location=location,
            resident=resident,
            topic=topic if resident else None,
            channel=channel,
            outcome=outcome,
            closed_at=when if outcome else None,
        )
        Contact.objects.filter(pk=made.pk).update(created_at=when)
        return made

    contact("balie", "answered", at(3, 3), r)
    contact("balie", "answered", at(3, 10), r)
    contact("balie", "handed_on", at(3, 20), r, hr2)
    contact("balie", "not_answered", at(3, 5))
    contact("telefoon", "website", at(3, 1), s)
    contact("telefoon", "", at(3, 28), s)
    contact("telefoon", "answered", at(4, 29), s)
    contact("balie", "answered", at(2, 20))  # before the period

    consent = Consent.objects.create(
        resident=r,
        help_request=hr1,
        organisation=uwv,
        scope="alles",
        purpose="hulp",
        given_how="verbal",
        recorded_by=hr1.created_by,
        given_at=at(3, 2),
    )

    def referral(org: Any, sent: dt.datetime, accepted: Any, resolved: Any, **extra: Any) -> None:
        Referral.objects.create(
            help_request=hr1,
            question=hr1.questions.get(organisation=org),
            organisation=org,
            consent=consent,
            situation="s",
            request="r",
            reachable="tel",
            due_at=sent + dt.timedelta(days=5),
            sent_at=sent,
            accepted_at=accepted,
            resolved_at=resolved,
            created_by=hr1.created_by,
            **extra,
        )

    # UWV: 3 referrals. Hours to acceptance 2, 4, 10 → median 4; resolution 24, 48 → 36.
    referral(uwv, at(3, 2), at(3, 2, 12), at(3, 3), status="resolved", confirmed_at=at(3, 4))
    referral(uwv, at(3, 2), at(3, 2, 14), at(3, 4), status="resolved", return_count=2)
    referral(uwv, at(3, 2), at(3, 2, 20), None, status="accepted")  # overdue since 7 March
    # SVB: 1 referral, not accepted yet, returned once, due 6 April: overdue on 30 April.
    referral(svb, at(4, 1), None, None, status="sent", return_count=1)

    def feedback(score: int, channel: str, when: dt.datetime) -> None:
        invite = FeedbackInvite.objects.create(
            subject="contact",
            contact=ContactFactory(municipality=municipality, location=location),
            municipality=municipality,
            location=location,
            channel=channel,
            salt="x",
            token_hash=uuid.uuid4().hex,
            expires_at=when,
        )
        made = Feedback.objects.create(
            invite=invite,
            score=score,
            via="link",
            municipality=municipality,
            location=location,
            channel=channel,
            subject="contact",
        )
        Feedback.objects.filter(pk=made.pk).update(created_at=when)

    for score in (5, 4, 4, 2):
        feedback(score, "balie", at(3, 15))
    feedback(3, "telefoon", at(3, 16))
    return {"location": location, "municipality": municipality, "r": r, "uwv": uwv, "svb": svb}


def scope(world: dict[str, Any], **extra: Any) -> figures.Scope:
    return figures.Scope(
        start=at(3, 1, 0), end=at(5, 1, 0), municipality_id=world["municipality"].pk, **extra
    )


def test_contacts_per_channel(world: dict[str, Any]) -> None:
    rows = {row["channel_code"]: row for row in figures.contact_figures(scope(world))}
    balie, phone = rows["balie"], rows["telefoon"]
    assert (balie["contacts"], balie["answered_first_contact"], balie["handed_to_specialist"]) == (
        4,
        0.5,
        0.25,
    )
    assert (phone["contacts"], phone["answered_first_contact"], phone["handed_to_specialist"]) == (
        3,
        0.667,
        0.0,
    )


def test_weekly_trend(world: dict[str, Any]) -> None:
    rows = figures.trend_figures(scope(world))
    assert [
        (r["week"], r["contacts"], r["answered_first_contact"], r["responses"], r["satisfied"])
        for r in rows
    ] == [
        ("2025-02-24", 1, 1.0, 0, None),  # Saturday 1 March belongs to the week of 24 February
        ("2025-03-03", 2, 0.5, 0, None),
        ("2025-03-10", 1, 1.0, 5, 0.6),  # the weekend's five responses, three satisfied
        ("2025-03-17", 1, 0.0, 0, None),
        ("2025-03-24", 1, 0.0, 0, None),
        ("2025-04-28", 1, 1.0, 0, None),
    ]


def test_help_requests(world: dict[str, Any]) -> None:
    result = figures.help_request_figures(scope(world))
    assert (result["total"], result["open"], result["closed"]) == (3, 1, 2)
    assert result["median_days_to_close"] == 7.0
    assert result["organisations_per_request"] == [(0, 1), (1, 1), (2, 1)]
    only_svb = figures.help_request_figures(
        scope(world, organisation_id=Organisation.objects.get(code="svb").pk)
    )
    assert only_svb["total"] == 1
    # Filtering on an organisation keeps the other organisations of those requests counted.
    with_uwv = figures.help_request_figures(scope(world, organisation_id=world["uwv"].pk))
    assert with_uwv["total"] == 2
    assert with_uwv["organisations_per_request"] == [(1, 1), (2, 1)]


def test_referrals_per_organisation(world: dict[str, Any]) -> None:
    rows = {
        row["organisation"]: row for row in figures.referral_figures(scope(world), now=at(4, 30))
    }
    uwv, svb = rows[world["uwv"].name], rows[world["svb"].name]
    assert uwv["sent"] == 3
    assert uwv["hours_to_acceptance"] == 4.0
    assert uwv["hours_to_resolution"] == 36.0
    assert (uwv["returned"], uwv["overdue"], uwv["confirmed"]) == (0.333, 0.333, 0.5)
    assert (svb["sent"], svb["hours_to_acceptance"], svb["returned"], svb["overdue"]) == (
        1,
        None,
        1.0,
        1.0,
    )


def test_pillar_to_post_signals(world: dict[str, Any]) -> None:
    repeat = figures.repeat_contacts(scope(world))
    assert [(r["resident_id"], r["contacts"]) for r in repeat] == [(world["r"].pk, 3)]
    assert [ref.return_count for ref in figures.returned_twice(scope(world))] == [2]


def test_satisfaction(world: dict[str, Any]) -> None:
    rows = figures.satisfaction_figures(scope(world))
    balie = {row["channel_code"]: row for row in rows}["balie"]
    assert (balie["responses"], balie["satisfied"]) == (4, 0.75)
    assert len(rows) == 2


def test_comments_most_recent_first(world: dict[str, Any]) -> None:
    assert figures.comments(scope(world)) == []
    Feedback.objects.filter(score=2).update(comment="Drie keer mijn verhaal gedaan.")
    Feedback.objects.filter(score=3).update(comment="Het duurde lang.")
    rows = figures.comments(scope(world))
    assert [(r["date"], r["score"], r["comment"]) for r in rows] == [
        ("2025-03-16", 3, "Het duurde lang."),
        ("2025-03-15", 2, "Drie keer mijn verhaal gedaan."),
    ]


def test_national_view_leaves_out_cells_under_five(world: dict[str, Any]) -> None:
    (row,) = figures.national_rows(
        figures.Scope(start=at(3, 1, 0), end=at(5, 1, 0), location_id=world["location"].pk)
    )
    # 7 contacts, but by 3 people (Rian, Sem, one anonymous): left out with its share.
    assert row["contacts"] is None and row["answered_first_contact"] is None
    assert row["help_requests"] is None and row["closed"] is None  # 3 and 2: left out
    assert row["referrals"] is None and row["returned"] is None  # 4: left out with its share
    # 5 responses, but 3 satisfied and 2 not: the share would give both away.
    assert row["responses"] == 5 and row["satisfied"] is None


def test_national_view_counts_people_not_rows(world: dict[str, Any]) -> None:
    for _ in range(2):  # two more anonymous visitors: 5 people behind 9 contacts
        made = ContactFactory(
            municipality=world["municipality"],
            location=world["location"],
            outcome="answered",
            closed_at=at(4, 2),
        )
        Contact.objects.filter(pk=made.pk).update(created_at=at(4, 2))
    (row,) = figures.national_rows(
        figures.Scope(start=at(3, 1, 0), end=at(5, 1, 0), location_id=world["location"].pk)
    )
    assert row["contacts"] == 9
    # 6 of them answered at once, by 4 people, and 3 not: the share would give both away.
    assert row["answered_first_contact"] is None


def test_queue_waiting_and_no_shows(world: dict[str, Any]) -> None:
    queue = Queue.objects.create(
        location=world["location"], kind="front_office", name="Balie", prefix="A"
    )
    # Waits of 4, 10, 12 and 30 minutes → median 11, two of four within 10 minutes; one ticket
    # not answered when called.
    for number, minutes in enumerate((4, 10, 12, 30), start=1):
        Ticket.objects.create(
            queue=queue,
            day=at(3, 5).date(),
            number=number,
            status="done",
            waiting_since=at(3, 5),
            called_at=at(3, 5) + dt.timedelta(minutes=minutes),
        )
    Ticket.objects.create(
        queue=queue, day=at(3, 5).date(), number=5, status="no_show", waiting_since=at(3, 5)
    )
    result = figures.queue_figures(scope(world))
    assert (result["tickets"], result["median_wait_minutes"], result["within_10_minutes"]) == (
        5,
        11.0,
        0.5,
    )
    assert result["ticket_no_shows"] == 1


def test_searches_without_a_good_result(world: dict[str, Any]) -> None:
    article = Article.objects.filter(status=Article.Status.PUBLISHED).first()

    def searched(terms: str, results: int, opened: Any = None, day: int = 3) -> None:
        log = SearchLog.objects.create(
            organisation=world["municipality"], terms=terms, results=results, opened=opened
        )
        SearchLog.objects.filter(pk=log.pk).update(created_at=at(3, day))

    searched("kwijtschelding", 0)
    searched("kwijtschelding", 0)
    searched("kwijtschelding", 3)  # results, none opened
    searched("paspoort", 4, article)
    searched("paspoort", 4, article)  # always found: not listed
    searched("jan jansen", 0)  # once: perhaps a name, not listed
    searched("huurtoeslag", 0, day=2)
    searched("huurtoeslag", 2, article, day=2)
    searched("kwijtschelding", 0, day=2)
    rows = figures.no_good_result(scope(world))
    assert [
        (r["terms"], r["searches"], r["without_results"], r["no_good_result"]) for r in rows
    ] == [
        ("kwijtschelding", 4, 3, 4),
        ("huurtoeslag", 2, 1, 1),
    ]


def test_pages_and_csv(world: dict[str, Any]) -> None:
    manager = staff(Role.LOCATION_MANAGER, organisation=world["municipality"])
    client = Client()
    login_verified(client, manager)
    page = client.get("/workspace/insights/?start=2025-03-01&end=2025-04-30")
    assert page.status_code == 200
    assert "Rian" in page.content.decode()  # listed to act on
    csv = client.get("/workspace/insights/?start=2025-03-01&end=2025-04-30&export=contacts")
    assert csv["Content-Type"].startswith("text/csv")
    assert (
        csv.content.decode().splitlines()[0]
        == "channel_code,channel,contacts,answered_first_contact,handed_to_specialist"
    )
    bad = client.get("/workspace/insights/?start=2025-05-01&end=2025-03-01")
    assert (
        bad.status_code == 200 and "einddatum" in bad.content.decode()
    ) or "end date" in bad.content.decode()

    coordinator = staff(Role.COORDINATOR)
    login_verified(client, coordinator)
    national = client.get("/workspace/insights/national/?start=2025-03-01&end=2025-04-30")
    assert national.status_code == 200
    assert "Rian" not in national.content.decode()
    home = client.get("/workspace/?start=2025-03-01&end=2025-04-30")  # the coordinator's home
    assert home.status_code == 200 and "Rian" not in home.content.decode()
    assert home.context["rows"] == national.context["rows"]
    assert client.get("/workspace/insights/").status_code == 403
    assert client.get(f"/workspace/residents/{world['r'].pk}/").status_code == 403


def test_a_comment_cannot_become_a_formula_in_the_export(world: dict[str, Any]) -> None:
    """A resident's comment `=HYPERLINK(...)` (or one starting with +, -, @, tab, CR) comes out
    as text a spreadsheet does not run; numbers stay numbers."""
    hostile = ['=HYPERLINK("https://example.org","klik")', "+31 6 x", "-2+3", "@SUM(A1)", "\tx"]
    for feedback, comment in zip(Feedback.objects.order_by("pk"), hostile, strict=False):
        Feedback.objects.filter(pk=feedback.pk).update(comment=comment)
    manager = staff(Role.LOCATION_MANAGER, organisation=world["municipality"])
    client = Client()
    login_verified(client, manager)
    export = client.get("/workspace/insights/?start=2025-03-01&end=2025-04-30&export=comments")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert '\'=HYPERLINK("https://example.org","klik")' in cells
    assert all(cell.lstrip("'") in hostile or cell[:1] != "'" for cell in cells)
