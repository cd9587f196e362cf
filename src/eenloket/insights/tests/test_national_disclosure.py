"""The national view against an attacker: a coordinator who takes what the page and its CSV show
and works out every number they can, on a data set built to tempt each way of working one out.

The attacker reads the rows as the coordinator gets them (the CSV export, checked against the
rows the page renders) and tries, per location:

- share × total: a share times its shown whole gives the part, and the whole minus the part
  gives the rest ("returned 0.091 of 11 referrals" = 1 returned, 10 not);
- total − cell: help requests minus closed ones gives the open ones;
- differencing periods: a period minus a period inside it, or minus several periods that
  together lie inside it (March minus its whole ISO weeks);
- differencing filters: all channels minus the channels shown one by one.

A number worked out is a leak when it is about fewer than 5 people: a part of a shown whole
below 5 (a share of 0% or 100% says something about every one of them), or a difference of
1 to 4. Every contact, help request and response in the data set is a different person, so
counting rows is counting people here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from eenloket.accounts.tests.helpers import login_verified
from eenloket.contacts.models import Channel, Contact, HelpRequest, Question
from eenloket.feedback.models import Feedback, FeedbackInvite
from eenloket.insights import figures
from eenloket.organisations.models import Organisation, Role
from eenloket.organisations.tests.factories import LocationFactory, UserFactory, staff
from eenloket.referrals.models import Referral
from eenloket.residents.models import Consent
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Europe/Amsterdam")
NATIONAL = "/workspace/insights/national/"
SMALL = figures.SUPPRESS_BELOW

COUNTS = ("contacts", "help_requests", "closed", "referrals", "responses")
# share column, its whole, the part it gives, the rest it gives
SHARES = (
    ("answered_first_contact", "contacts", "first", "not_first"),
    ("returned", "referrals", "returned_count", "not_returned"),
    ("satisfied", "responses", "satisfied_count", "not_satisfied"),
)


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=ZONE)


@pytest.fixture
def tempting() -> dict[str, Any]:
    """March 2025, five locations, each laid out to give one attack something to find."""
    worker = UserFactory()
    agency = Organisation.objects.get_or_create(
        code="uwv", defaults={"name": "UWV", "kind": "agency"}
    )[0]
    places = {
        name: LocationFactory(name=name)
        for name in ("Aandeel", "Lijn", "Dag", "Kanaal", "Tevreden")
    }

    def contacts(place: str, when: dt.datetime, n: int, outcome: str, channel: str = "balie"):
        location = places[place]
        made = [
            Contact.objects.create(
                municipality=location.municipality,
                location=location,
                channel=channel,
                outcome=outcome,
                question="Een vraag",
                closed_at=when if outcome else None,
                created_by=worker,
            ).pk
            for _ in range(n)
        ]
        Contact.objects.filter(pk__in=made).update(created_at=when)

    def help_requests(place: str, when: dt.datetime, n: int, *, closed: int = 0, returned=0):
        """n help requests of n residents; each sends one referral, `returned` of them back."""
        location = places[place]
        for i in range(n):
            resident = ResidentFactory(municipality=location.municipality)
            hr = HelpRequest.objects.create(
                resident=resident,
                municipality=location.municipality,
                location=location,
                story="Ingewikkeld",
                created_by=worker,
            )
            HelpRequest.objects.filter(pk=hr.pk).update(
                created_at=when,
                status="closed" if i < closed else "new",
                closed_at=when if i < closed else None,
            )
            if returned is None:
                continue
            question = Question.objects.create(help_request=hr, organisation=agency, text="V")
            consent = Consent.objects.create(
                resident=resident,
                help_request=hr,
                organisation=agency,
                scope="alles",
                purpose="hulp",
                given_how="verbal",
                recorded_by=worker,
                given_at=when,
            )
            Referral.objects.create(
                help_request=hr,
                question=question,
                organisation=agency,
                consent=consent,
                situation="s",
                request="r",
                reachable="tel",
                due_at=when + dt.timedelta(days=5),
                sent_at=when,
                status="sent",
                return_count=1 if i < returned else 0,
                created_by=worker,
            )

    def feedback(place: str, when: dt.datetime, scores: list[int]) -> None:
        location = places[place]
        for score in scores:
            about = Contact.objects.create(
                municipality=location.municipality, question="V", created_by=worker
            )
            Contact.objects.filter(pk=about.pk).update(created_at=at(1, 1))  # outside the views
            invite = FeedbackInvite.objects.create(
                subject="contact",
                contact=about,
                municipality=location.municipality,
                location=location,
                channel="balie",
                salt="x",
                token_hash=uuid.uuid4().hex,
                expires_at=when,
            )
            made = Feedback.objects.create(
                invite=invite,
                score=score,
                via="link",
                municipality=location.municipality,
                location=location,
                channel="balie",
                subject="contact",
            )
            Feedback.objects.filter(pk=made.pk).update(created_at=when)

    # share × total: 1 of 12 not answered at once; 1 of 11 referrals returned; 2 of 6 satisfied.
    contacts("Aandeel", at(3, 10), 11, "answered")
    contacts("Aandeel", at(3, 10), 1, "not_answered")
    help_requests("Aandeel", at(3, 11), 11, returned=1)
    feedback("Aandeel", at(3, 12), [5, 4, 2, 2, 1, 1])
    # total − cell: 8 help requests, 6 closed, so 2 open; 7 responses, 2 not satisfied.
    help_requests("Lijn", at(3, 12), 8, closed=6, returned=None)
    feedback("Lijn", at(3, 13), [5, 5, 4, 4, 4, 2, 1])
    # differencing periods: 10 contacts in each ISO week of March, and 2 on Monday 31 March (week
    # 14), which March minus its whole weeks, or March minus 1–30 March, would give.
    for day in (4, 11, 18, 25):
        contacts("Dag", at(3, day), 5, "answered")
        contacts("Dag", at(3, day), 5, "not_answered")
    contacts("Dag", at(3, 31), 2, "answered")
    contacts("Dag", at(4, 2), 5, "answered")
    contacts("Dag", at(4, 2), 5, "not_answered")
    # differencing filters: 8 at the counter and 3 by phone; all channels minus the counter = 3.
    contacts("Kanaal", at(3, 14), 4, "answered")
    contacts("Kanaal", at(3, 14), 4, "not_answered")
    contacts("Kanaal", at(3, 14), 3, "answered", channel="telefoon")
    # a share whose part is fine but whose rest is small: 9 of 10 satisfied.
    feedback("Tevreden", at(3, 20), [5] * 9 + [1])
    return places


@dataclass(frozen=True)
class View:
    start: dt.datetime
    end: dt.datetime
    channel: str
    known: dict[str, dict[str, int]]  # location → what the coordinator knows about it


def _number(text: str) -> int | float | None:
    if text == "":
        return None
    return float(text) if "." in text else int(text)


def _rows_from_csv(content: bytes) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(content.decode()))
    return [
        {
            key: (value if key in ("location", "municipality") else _number(value))
            for key, value in row.items()
        }
        for row in reader
    ]


Leak = tuple[str, str, int]  # how it was worked out, what, the number


def _known(row: dict[str, Any], where: str, leaks: set[Leak]) -> dict[str, int]:
    """Every count one row shows or gives away; the parts of a whole below 5 are leaks."""
    known = {key: row[key] for key in COUNTS if row.get(key) is not None}
    for share, whole, part, rest in SHARES:
        if row.get(share) is not None and row.get(whole) is not None:
            known[part] = round(row[share] * row[whole])
            known[rest] = row[whole] - known[part]
            for name, kind in ((part, "share × total"), (rest, "complement")):
                if known[name] < SMALL:
                    leaks.add((kind, f"{where}: {name}", known[name]))
    if "help_requests" in known and "closed" in known:
        known["open"] = known["help_requests"] - known["closed"]
        if known["open"] < SMALL:
            leaks.add(("total − cell", f"{where}: open", known["open"]))
    for key in COUNTS:
        if key in known and known[key] < SMALL:
            leaks.add(("shown", f"{where}: {key}", known[key]))
    return known


def _look(client: Client, query: str, leaks: set[Leak]) -> View | None:
    """One page and its CSV, as the coordinator gets them."""
    page = client.get(f"{NATIONAL}?{query}")
    assert page.status_code in (200, 400), (query, page.status_code)
    if page.status_code != 200:
        return None
    export = client.get(f"{NATIONAL}?{query}&export=locations")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = _rows_from_csv(export.content)
    shown = [{key: row[key] for key in (rows[0] if rows else {})} for row in page.context["rows"]]
    assert shown == rows, "the page and its CSV show the same numbers"
    scope = page.context["scope"]
    period = f"{scope.start:%d-%m}–{scope.end:%d-%m} {scope.channel}".strip()
    return View(
        start=scope.start,
        end=scope.end,
        channel=scope.channel,
        known={row["location"]: _known(row, f"{row['location']} {period}", leaks) for row in rows},
    )


def _differences(big: View, parts: list[View], leaks: set[Leak], kind: str) -> None:
    """`big` minus the parts it holds, for every location and count: what the parts leave out
    and the parts' left-out cells together."""
    for location, known in big.known.items():
        for key, value in known.items():
            # A location without a row in a part had nothing there.
            values = [
                part.known[location].get(key) if location in part.known else 0 for part in parts
            ]
            taken = [v for v in values if v is not None]
            if any(taken):
                rest = value - sum(taken)
                if 0 < rest < SMALL:
                    where = f"{location} {big.start:%d-%m}–{big.end:%d-%m}"
                    leaks.add((kind, f"{where} minus {len(taken)}: {key}", rest))


def _attack(client: Client) -> tuple[set[Leak], list[View]]:
    leaks: set[Leak] = set()
    months = {
        "2025-02": ("2025-02-01", "2025-02-28"),
        "2025-03": ("2025-03-01", "2025-03-31"),
        "2025-04": ("2025-04-01", "2025-04-30"),
    }
    weeks = {
        f"2025-W{n:02d}": (dt.date.fromisocalendar(2025, n, 1), dt.date.fromisocalendar(2025, n, 7))
        for n in range(9, 16)
    }
    queries = []
    for period, (first, last) in [*months.items(), *weeks.items()]:
        queries += [f"period={period}", f"start={first}&end={last}"]
    # Periods a day apart.
    queries += ["start=2025-03-01&end=2025-03-30", "start=2025-03-02&end=2025-03-31"]
    channels = [""] + [code for code, _label in Channel.choices]
    for channel in channels[1:]:
        queries += [f"period=2025-03&channel={channel}"]
        queries += [f"start=2025-03-01&end=2025-03-31&channel={channel}"]
    seen: dict[tuple[Any, ...], View] = {}
    for query in queries:
        view = _look(client, query, leaks)
        if view is not None:
            seen.setdefault((view.start, view.end, view.channel), view)
    views = list(seen.values())
    everything = [v for v in views if v.channel == ""]
    for big in everything:
        inside = sorted(
            (
                v
                for v in everything
                if big.start <= v.start
                and v.end <= big.end
                and (v.start, v.end) != (big.start, big.end)
            ),
            key=lambda v: (v.end, v.start),
        )
        for small in inside:
            _differences(big, [small], leaks, "differencing periods")
        apart: list[View] = []
        for v in inside:
            if not apart or v.start >= apart[-1].end:
                apart.append(v)
        if len(apart) > 1:
            _differences(big, apart, leaks, "differencing periods")
        per_channel = [v for v in views if v.channel and (v.start, v.end) == (big.start, big.end)]
        if per_channel:
            _differences(big, per_channel, leaks, "differencing channels")
    return leaks, views


def test_an_attacker_works_out_no_number_about_fewer_than_five_people(
    tempting: dict[str, Any],
) -> None:
    client = Client()
    with time_machine.travel(dt.datetime(2025, 6, 2, 9, tzinfo=ZONE), tick=False):
        login_verified(client, staff(Role.COORDINATOR))
        leaks, views = _attack(client)
    kinds = Counter(kind for kind, _where, _value in leaks)
    assert sorted(leaks) == [], f"{len(leaks)} numbers about fewer than 5 people: {dict(kinds)}"
    # Not for lack of figures: March shows what is about 5 people or more.
    (march,) = [v for v in views if (v.start, v.end) == (at(3, 1, 0), at(4, 1, 0))]
    assert march.known["Dag"] == {"contacts": 42, "first": 22, "not_first": 20}
    assert march.known["Aandeel"] == {
        "contacts": 12,  # 11 of them answered at once: no share
        "help_requests": 11,
        "referrals": 11,  # 1 of them returned: no share
        "responses": 6,  # 2 of them satisfied: no share
    }
    assert march.known["Lijn"] == {"help_requests": 8, "responses": 7}  # 6 closed, 2 open


@pytest.mark.parametrize(
    ("total", "parts", "shown"),
    [
        (30, [6, 7, 17], (True, [True, True, True])),
        (30, [2, 8, 20], (True, [False, False, True])),  # the 2, and the next smallest
        (30, [2, 3, 25], (True, [False, False, False])),  # all left out: they add up to 30
        (12, [11, 1], (True, [False, False])),  # a share whose rest is 1
        (4, [2, 2], (False, [False, False])),
    ],
)
def test_a_left_out_part_cannot_be_worked_out_from_its_total(
    total: int, parts: list[int], shown: tuple[bool, list[bool]]
) -> None:
    cells = [figures.Cell(n, n) for n in parts]
    assert figures.suppressed(figures.Cell(total, total), cells) == shown


@pytest.fixture
def coordinator_in_june() -> Any:
    with time_machine.travel(dt.datetime(2025, 6, 2, 9, tzinfo=ZONE), tick=False):
        client = Client()
        login_verified(client, staff(Role.COORDINATOR))
        yield client


def test_the_national_view_shows_whole_months_that_are_over(
    tempting: dict[str, Any], coordinator_in_june: Client
) -> None:
    client = coordinator_in_june
    default = client.get(NATIONAL)  # the last complete month: May 2025
    assert default.status_code == 200
    assert (default.context["scope"].start, default.context["scope"].end) == (
        dt.datetime(2025, 5, 1, tzinfo=ZONE),
        dt.datetime(2025, 6, 1, tzinfo=ZONE),
    )
    march = client.get(f"{NATIONAL}?period=2025-03")
    assert (march.context["scope"].start, march.context["scope"].end) == (at(3, 1, 0), at(4, 1, 0))
    # Free dates and filters are not taken: the same month, the same rows.
    for other in ("start=2025-03-01&end=2025-03-30", "channel=telefoon", "location=1"):
        page = client.get(f"{NATIONAL}?period=2025-03&{other}")
        assert page.status_code == 200 and page.context["rows"] == march.context["rows"]
    # The coordinator's home page is the same view.
    home = client.get("/workspace/?period=2025-03")
    assert home.status_code == 200 and home.context["rows"] == march.context["rows"]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-W10", "geen weken"),
        ("2025-13", "zoals 2025-03"),
        ("2025-3", "zoals 2025-03"),
        ("maart", "zoals 2025-03"),
        ("0000-01", "zoals 2025-03"),
        ("1999-12", "zoals 2025-03"),
        ("2025-06", "voorbij"),  # this month: not over yet
        ("2099-01", "voorbij"),
        ("2025-03%00", None),  # refused before the view, by `RefuseNulMiddleware`, or by the form
        ("2025-03" * 1000, "zoals 2025-03"),
    ],
)
def test_a_bad_period_gets_a_message_not_an_error(
    coordinator_in_june: Client, period: str, message: str | None
) -> None:
    for path in (NATIONAL, "/workspace/"):
        for extra in ("", "&export=locations"):
            page = coordinator_in_june.get(f"{path}?period={period}{extra}")
            assert page.status_code == 400 and page.content
            if message is not None:
                assert page["Content-Type"].startswith("text/html")
                assert message in page.content.decode()
