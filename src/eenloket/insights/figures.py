"""The figures of the promise: is the resident helped, and is anyone sent from pillar to post?

Every function takes a `Scope` (period, municipality, location, channel, organisation) and counts
in the database. Medians too, on PostgreSQL (`percentile_cont`); SQLite has no such aggregate, so
there the durations are fetched and the median is taken in Python (fine at one municipality's
volume). Functions return plain rows (dicts), so pages, CSV exports and charts show the same
numbers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Lag, TruncWeek
from django.utils import timezone

from eenloket.appointments.models import Appointment
from eenloket.contacts.models import Contact, HelpRequest, Question
from eenloket.feedback.models import SATISFIED_FROM, Feedback
from eenloket.knowledge.models import Article, SearchLog
from eenloket.organisations.models import Location
from eenloket.queue.models import Ticket
from eenloket.referrals.models import Referral

# Outcomes that mean: answered at the first contact, nobody else needed.
FIRST_CONTACT_OUTCOMES = (
    Contact.Outcome.ANSWERED,
    Contact.Outcome.WEBSITE,
    Contact.Outcome.APPOINTMENT,
)
# "Van het kastje naar de muur": this many contacts about one topic within this many days.
REPEAT_CONTACTS = 3
REPEAT_WINDOW = dt.timedelta(days=30)
# Helped at the counter within this long after taking a ticket.
QUEUE_PROMISE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Scope:
    start: dt.datetime
    end: dt.datetime
    municipality_id: int | None = None
    location_id: int | None = None
    channel: str = ""
    organisation_id: int | None = None

    def where(self, *, at: str, municipality: str, location: str, channel: str = "") -> Q:
        """The scope as a filter on a model whose fields have the given names."""
        q = Q(**{f"{at}__gte": self.start, f"{at}__lt": self.end})
        if self.municipality_id is not None:
            q &= Q(**{municipality: self.municipality_id})
        if self.location_id is not None:
            q &= Q(**{location: self.location_id})
        if self.channel and channel:
            q &= Q(**{channel: self.channel})
        return q


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


class _Median(Aggregate):
    """PostgreSQL's continuous median; works on intervals as well as numbers."""

    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _median_span(start: str, end: str) -> _Median:
    span = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    return _Median(span, output_field=DurationField())


def _hours(span: dt.timedelta | None) -> float | None:
    return span.total_seconds() / 3600 if span is not None else None


def _round(value: float | None, factor: float = 1.0) -> float | None:
    return round(value * factor, 1) if value is not None else None


def _medians(qs: QuerySet[Any], key: str | None, start: str, end: str) -> dict[Any, float | None]:
    """Median hours from `start` to `end` over the rows where both are set, per value of `key`
    (or for all rows under the key None)."""
    qs = qs.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    if connection.vendor == "postgresql":
        median_span = _median_span(start, end)
        if key is None:
            return {None: _hours(qs.aggregate(m=median_span)["m"])}
        rows = qs.order_by().values(key).annotate(m=median_span)
        return {row[key]: _hours(row["m"]) for row in rows}
    spans: dict[Any, list[float]] = {}
    fields = [key, start, end] if key else [start, end]
    for row in qs.values_list(*fields):
        group, begin, finish = row if key else (None, *row)
        spans.setdefault(group, []).append((finish - begin).total_seconds() / 3600)
    return {group: median(values) for group, values in spans.items()}


def contacts(scope: Scope) -> QuerySet[Contact]:
    return Contact.objects.filter(
        scope.where(
            at="created_at",
            municipality="municipality_id",
            location="location_id",
            channel="channel",
        )
    )


def _mondays(scope: Scope) -> list[dt.datetime]:
    """Midnight of every Monday (local time, so summer time is right) from the week the scope
    starts in until after it ends."""
    zone = timezone.get_current_timezone()
    start = timezone.localtime(scope.start, zone).date()
    monday = start - dt.timedelta(days=start.weekday())
    mondays = []
    while True:
        at = dt.datetime.combine(monday, dt.time.min, tzinfo=zone)
        mondays.append(at)
        if at >= scope.end:
            return mondays
        monday += dt.timedelta(days=7)


def contact_counts(scope: Scope) -> list[dict[str, Any]]:
    """Contacts per week and channel, with those answered at the first contact and those handed
    to a specialist: one pass over the contacts that both the channel table and the weekly trend
    are summed from. PostgreSQL finds the week with `width_bucket` over the Mondays of the period
    (a binary search, much cheaper than a time-zone conversion per row); SQLite truncates."""
    counted = {
        "total": Count("id"),
        "first": Count("id", filter=Q(outcome__in=FIRST_CONTACT_OUTCOMES)),
        "handed_on": Count("id", filter=Q(outcome=Contact.Outcome.HANDED_ON)),
    }
    if connection.vendor != "postgresql":
        return list(
            contacts(scope)
            .annotate(week=TruncWeek("created_at"))
            .order_by()
            .values("week", "channel")
            .annotate(**counted)
        )
    mondays = _mondays(scope)
    bucket = Func(
        F("created_at"), Value(mondays), function="width_bucket", output_field=IntegerField()
    )
    rows = contacts(scope).annotate(bucket=bucket).order_by().values("bucket", "channel")
    return [{**row, "week": mondays[row.pop("bucket") - 1]} for row in rows.annotate(**counted)]


def _summed(rows: list[dict[str, Any]], key: str) -> dict[Any, Counter[str]]:
    sums: dict[Any, Counter[str]] = {}
    for row in rows:
        sums.setdefault(row[key], Counter()).update(
            {"total": row["total"], "first": row["first"], "handed_on": row["handed_on"]}
        )
    return sums


def contact_figures(
    scope: Scope, counts: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Per channel: contacts, share answered at the first contact, share handed to a specialist."""
    per_channel = _summed(counts if counts is not None else contact_counts(scope), "channel")
    labels = dict(Contact._meta.get_field("channel").choices or [])
    return [
        {
            "channel_code": channel,
            "channel": str(labels.get(channel, channel)),
            "contacts": n["total"],
            "answered_first_contact": _share(n["first"], n["total"]),
            "handed_to_specialist": _share(n["handed_on"], n["total"]),
        }
        for channel, n in sorted(per_channel.items())
    ]


def trend_figures(scope: Scope, counts: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Per week (starting Monday): contacts, share answered at the first contact, feedback
    responses and the share satisfied: is the promise kept week after week?"""
    per_week = _summed(counts if counts is not None else contact_counts(scope), "week")
    opinions = (
        feedbacks(scope)
        .annotate(week=TruncWeek("created_at"))
        .order_by()
        .values("week")
        .annotate(n=Count("id"), satisfied=Count("id", filter=Q(score__gte=SATISFIED_FROM)))
    )
    weeks: dict[dt.date, dict[str, int]] = {}
    for week, n in per_week.items():
        weeks.setdefault(week.date(), {}).update(contacts=n["total"], first=n["first"])
    for row in opinions:
        weeks.setdefault(row["week"].date(), {}).update(
            responses=row["n"], satisfied=row["satisfied"]
        )
    return [
        {
            "week": week.isoformat(),
            "contacts": n.get("contacts", 0),
            "answered_first_contact": _share(n.get("first", 0), n.get("contacts", 0)),
            "responses": n.get("responses", 0),
            "satisfied": _share(n.get("satisfied", 0), n.get("responses", 0)),
        }
        for week, n in sorted(weeks.items())
    ]


def help_requests(scope: Scope) -> QuerySet[HelpRequest]:
    qs = HelpRequest.objects.filter(
        scope.where(
            at="created_at",
            municipality="municipality_id",
            location="location_id",
            channel="channel",
        )
    )
    if scope.organisation_id is not None:
        # A subquery, not a join: the join would narrow the organisations counted per request
        # to the one filtered on, and need DISTINCT.
        qs = qs.filter(
            pk__in=Question.objects.filter(organisation_id=scope.organisation_id).values(
                "help_request_id"
            )
        )
    return qs


def help_request_figures(scope: Scope) -> dict[str, Any]:
    """Open and closed help requests, median days to close, organisations per help request."""
    qs = help_requests(scope)
    counts = qs.aggregate(
        total=Count("id", distinct=True),
        closed=Count("id", filter=Q(status=HelpRequest.Status.CLOSED), distinct=True),
    )
    hours = _medians(
        qs.filter(status=HelpRequest.Status.CLOSED), None, "created_at", "closed_at"
    ).get(None)
    # Count the help requests per number of organisations in the database: the ORM cannot
    # group by an aggregate, so the per-request count becomes a subquery.
    per_request_sql, params = (
        qs.order_by()
        .annotate(orgs=Count("questions__organisation", distinct=True))
        .values("orgs")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            # The inner SQL is the ORM's own compiled query; the values stay parameters.
            f"SELECT orgs, COUNT(*) FROM ({per_request_sql}) per_request GROUP BY orgs",  # noqa: S608
            params,
        )
        per_request = dict(cursor.fetchall())
    return {
        "total": counts["total"],
        "open": counts["total"] - counts["closed"],
        "closed": counts["closed"],
        "median_days_to_close": _round(hours, 1 / 24),
        "organisations_per_request": sorted(per_request.items()),
    }


def life_event_figures(scope: Scope) -> list[dict[str, Any]]:
    rows = (
        help_requests(scope)
        .filter(life_events__isnull=False)
        .values("life_events__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "life_events__name")
    )
    return [{"life_event": row["life_events__name"], "help_requests": row["n"]} for row in rows]


def referrals(scope: Scope) -> QuerySet[Referral]:
    qs = Referral.objects.exclude(status=Referral.Status.DRAFT).filter(
        scope.where(
            at="sent_at",
            municipality="help_request__municipality_id",
            location="help_request__location_id",
            channel="help_request__channel",
        )
    )
    if scope.organisation_id is not None:
        qs = qs.filter(organisation_id=scope.organisation_id)
    return qs


def referral_figures(scope: Scope, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Per receiving organisation: sent, hours to acceptance and to resolution (median), share
    returned, share overdue, share confirmed with the resident."""
    now = now or timezone.now()
    qs = referrals(scope)
    rows = (
        qs.values("organisation_id", "organisation__name")
        .annotate(
            sent=Count("id"),
            returned=Count("id", filter=Q(return_count__gt=0)),
            overdue=Count("id", filter=Q(status__in=Referral.OPEN, due_at__lt=now)),
            resolved=Count("id", filter=Q(resolved_at__isnull=False)),
            confirmed=Count("id", filter=Q(resolved_at__isnull=False, confirmed_at__isnull=False)),
        )
        .order_by("organisation__name")
    )
    if connection.vendor == "postgresql":
        # One pass: percentile_cont skips the rows whose span is NULL (not accepted yet).
        rows = rows.annotate(
            to_accept=_median_span("sent_at", "accepted_at"),
            to_resolve=_median_span("sent_at", "resolved_at"),
        )
        to_accept = {row["organisation_id"]: _hours(row["to_accept"]) for row in rows}
        to_resolve = {row["organisation_id"]: _hours(row["to_resolve"]) for row in rows}
    else:
        to_accept = _medians(qs, "organisation_id", "sent_at", "accepted_at")
        to_resolve = _medians(qs, "organisation_id", "sent_at", "resolved_at")
    return [
        {
            "organisation": row["organisation__name"],
            "sent": row["sent"],
            "hours_to_acceptance": _round(to_accept.get(row["organisation_id"])),
            "hours_to_resolution": _round(to_resolve.get(row["organisation_id"])),
            "returned": _share(row["returned"], row["sent"]),
            "overdue": _share(row["overdue"], row["sent"]),
            "confirmed": _share(row["confirmed"], row["resolved"]),
        }
        for row in rows
    ]


def repeat_contacts(scope: Scope) -> list[dict[str, Any]]:
    """Residents with several contacts about the same topic within 30 days: a resident who
    keeps coming back is perhaps being sent from pillar to post. For the manager to act on.

    A contact is a signal when the contact two before it, by the same resident about the same
    topic, is at most 30 days older: three contacts within 30 days. One query for the signals,
    one for the totals of the resident/topic pairs they point at."""
    # Without the default ordering the window reads the partial index in its own order.
    known = contacts(scope).filter(resident__isnull=False, topic__isnull=False).order_by()
    signals = (
        known.annotate(
            two_before=Window(
                Lag("created_at", 2),
                partition_by=[F("resident_id"), F("topic_id")],
                order_by=F("created_at").asc(),
            )
        )
        .filter(two_before__gte=F("created_at") - REPEAT_WINDOW)
        .values_list("resident_id", "topic_id")
    )
    pairs = set(signals)
    if not pairs:
        return []
    totals = (
        known.filter(resident_id__in={resident for resident, _topic in pairs})
        .values("resident_id", "topic_id")
        .annotate(contacts=Count("id"), last=Max("created_at"))
        .order_by("-last")
    )
    return [row for row in totals if (row["resident_id"], row["topic_id"]) in pairs]


def returned_twice(scope: Scope) -> QuerySet[Referral]:
    """Referrals returned more than once."""
    return referrals(scope).filter(return_count__gte=2)


def feedbacks(scope: Scope) -> QuerySet[Feedback]:
    return Feedback.objects.filter(
        scope.where(
            at="created_at",
            municipality="municipality_id",
            location="location_id",
            channel="channel",
        )
    )


def satisfaction_figures(scope: Scope) -> list[dict[str, Any]]:
    """Per location and channel: responses and the share satisfied (score 4 or 5 of 5)."""
    rows = (
        feedbacks(scope)
        .values("location__name", "channel")
        .annotate(n=Count("id"), satisfied=Count("id", filter=Q(score__gte=SATISFIED_FROM)))
        .order_by("location__name", "channel")
    )
    labels = dict(Contact._meta.get_field("channel").choices or [])
    return [
        {
            "location": row["location__name"] or "–",
            "channel_code": row["channel"],
            "channel": str(labels.get(row["channel"], row["channel"])),
            "responses": row["n"],
            "satisfied": _share(row["satisfied"], row["n"]),
        }
        for row in rows
    ]


def comments(scope: Scope, *, limit: int = 20) -> list[dict[str, Any]]:
    """The most recent feedback comments, with their score: what residents say in their words.
    Feedback is anonymous, and BSNs were taken out of comments when they were given."""
    labels = dict(Contact._meta.get_field("channel").choices or [])
    rows = (
        feedbacks(scope)
        .exclude(comment="")
        .order_by("-created_at")
        .values("created_at", "score", "location__name", "channel", "comment")[:limit]
    )
    return [
        {
            "date": timezone.localtime(row["created_at"]).date().isoformat(),
            "score": row["score"],
            "location": row["location__name"] or "–",
            "channel": str(labels.get(row["channel"], row["channel"])),
            "comment": row["comment"],
        }
        for row in rows
    ]


def queue_figures(scope: Scope) -> dict[str, Any]:
    """Waiting at the counter: median minutes waited, share called within 10 minutes, no-shows
    (tickets not answered when called, and appointments not kept)."""
    tickets = Ticket.objects.filter(
        scope.where(
            at="waiting_since",
            municipality="queue__location__municipality_id",
            location="queue__location_id",
        )
    )
    called = tickets.filter(called_at__isnull=False)
    wait_hours = _medians(called, None, "waiting_since", "called_at").get(None)
    waited = called.aggregate(
        n=Count("id"),
        soon=Count(
            "id",
            filter=Q(
                called_at__lte=ExpressionWrapper(
                    F("waiting_since") + QUEUE_PROMISE, output_field=DateTimeField()
                )
            ),
        ),
    )
    appointments = Appointment.objects.filter(
        scope.where(
            at="starts_at", municipality="location__municipality_id", location="location_id"
        )
    ).aggregate(
        total=Count("id", filter=~Q(status=Appointment.Status.CANCELLED)),
        no_show=Count("id", filter=Q(status=Appointment.Status.NO_SHOW)),
    )
    return {
        "tickets": tickets.count(),
        "median_wait_minutes": _round(wait_hours, 60),
        "within_10_minutes": _share(waited["soon"], waited["n"]),
        "ticket_no_shows": tickets.filter(status=Ticket.Status.NO_SHOW).count(),
        "appointments": appointments["total"],
        "appointment_no_shows": _share(appointments["no_show"], appointments["total"]),
    }


def knowledge_figures(scope: Scope, *, limit: int = 10) -> dict[str, Any]:
    """Articles used most in contacts, and published articles past their review date."""
    used = (
        contacts(scope)
        .filter(article__isnull=False)
        .values("article__title")
        .annotate(n=Count("id"))
        .order_by("-n", "article__title")[:limit]
    )
    overdue = Article.objects.filter(
        status=Article.Status.PUBLISHED, review_by__lt=timezone.localdate()
    ).order_by("review_by")
    return {
        "most_used": [{"article": row["article__title"], "contacts": row["n"]} for row in used],
        "past_review": list(overdue.values("title", "review_by")[:limit]),
        "past_review_count": overdue.count(),
    }


# Search words are listed only when this many searches used them: words typed once may be a name.
SEARCHES_TO_LIST = 2


def no_good_result(scope: Scope, *, limit: int = 10) -> list[dict[str, Any]]:
    """The words staff searched for most without a good result: no results at all, or results
    of which none was opened or used in the contact. Per municipality (searches are not tied
    to a location or channel)."""
    logs = SearchLog.objects.filter(created_at__gte=scope.start, created_at__lt=scope.end)
    if scope.municipality_id is not None:
        logs = logs.filter(organisation_id=scope.municipality_id)
    rows = (
        logs.values("terms")
        .annotate(
            searches=Count("id"),
            without_results=Count("id", filter=Q(results=0)),
            not_good=Count("id", filter=Q(results=0) | Q(opened__isnull=True)),
        )
        .filter(searches__gte=SEARCHES_TO_LIST, not_good__gt=0)
        .order_by("-not_good", "terms")[:limit]
    )
    return [
        {
            "terms": row["terms"],
            "searches": row["searches"],
            "without_results": row["without_results"],
            "no_good_result": row["not_good"],
        }
        for row in rows
    ]


# The national view shows no number about fewer people than this.
SUPPRESS_BELOW = 5


@dataclass(frozen=True)
class Cell:
    """A count as the page shows it (rows) and the people behind it, which the rule protects."""

    count: int
    people: int


def suppressed(total: Cell, parts: list[Cell]) -> tuple[bool, list[bool]]:
    """Which of a total and the parts that add up to it may be shown (True) or are left out.

    A number about fewer than 5 people is left out. Where the total is shown and some parts are
    left out but not all, the total minus the shown parts gives the left-out ones together, so
    the next smallest part is left out as well: what can then be worked out includes a part
    about 5 people or more. With every part left out, what they add up to is the total itself.
    A share is a part over its total: shown only when the part, the rest and the total are."""
    show = [part.people >= SUPPRESS_BELOW for part in parts]
    show_total = total.people >= SUPPRESS_BELOW
    if show_total and any(show) and not all(show):
        smallest = min((i for i, shown in enumerate(show) if shown), key=lambda i: parts[i].count)
        show[smallest] = False
    return show_total, show


def _people(n: dict[str, int], key: str) -> int:
    """The people behind a contact count: each anonymous contact is somebody, plus the distinct
    known residents, counted only where the anonymous ones alone are too few; elsewhere the
    anonymous ones are enough, or the contacts themselves too few, to decide."""
    anonymous = n.get(f"{key}_anonymous", 0)
    if f"{key}_known" in n:
        return anonymous + n[f"{key}_known"]
    return anonymous if anonymous >= SUPPRESS_BELOW else n.get(key, 0)


def national_rows(scope: Scope) -> list[dict[str, Any]]:
    """Per location, aggregates only, each number about 5 people or more: nothing about fewer
    can be read, nor worked out from a share and its total or from a total and its other parts
    (`suppressed`); everything else is None ("left out"). Every active location gets a row, so a
    row of dashes does not tell "a few" from "none". Feedback is anonymous: each response counts
    as one person. Periods that overlap could be subtracted from each other: the national view
    asks for whole calendar months only (`views.national`)."""
    per: dict[int, dict[str, int]] = {}

    def add(rows: Any, key: str) -> None:
        for row in rows:
            if row[key] is not None:
                per.setdefault(row[key], {}).update({k: v for k, v in row.items() if k != key})

    first = Q(outcome__in=FIRST_CONTACT_OUTCOMES)
    kinds = {"contacts": Q(), "first": first, "not_first": ~first}
    anonymous = Q(resident__isnull=True)
    add(
        contacts(scope)
        .order_by()
        .values("location_id")
        .annotate(
            **{kind: Count("id", filter=q or None) for kind, q in kinds.items()},
            **{f"{kind}_anonymous": Count("id", filter=q & anonymous) for kind, q in kinds.items()},
        ),
        "location_id",
    )
    # An anonymous contact is somebody too: count the distinct known residents (an expensive
    # count over a year of contacts) only where the anonymous visitors alone are too few.
    unsure = [
        pk
        for pk, n in per.items()
        if any(n[f"{kind}_anonymous"] < SUPPRESS_BELOW <= n[kind] for kind in kinds)
    ]
    if unsure:
        add(
            contacts(scope)
            .filter(location_id__in=unsure, resident__isnull=False)
            .order_by()
            .values("location_id")
            .annotate(
                **{
                    f"{kind}_known": Count("resident_id", filter=q or None, distinct=True)
                    for kind, q in kinds.items()
                }
            ),
            "location_id",
        )
    closed = Q(status=HelpRequest.Status.CLOSED)
    add(
        help_requests(scope)
        .order_by()
        .values("location_id")
        .annotate(
            help_requests=Count("id", distinct=True),
            help_requests_people=Count("resident_id", distinct=True),
            closed=Count("id", filter=closed, distinct=True),
            closed_people=Count("resident_id", filter=closed, distinct=True),
            open_people=Count("resident_id", filter=~closed, distinct=True),
        ),
        "location_id",
    )
    returned = Q(return_count__gt=0)
    add(
        referrals(scope)
        .order_by()
        .values("help_request__location_id")
        .annotate(
            referrals=Count("id"),
            referrals_people=Count("help_request__resident_id", distinct=True),
            returned=Count("id", filter=returned),
            returned_people=Count("help_request__resident_id", filter=returned, distinct=True),
            kept_people=Count("help_request__resident_id", filter=~returned, distinct=True),
        ),
        "help_request__location_id",
    )
    add(
        feedbacks(scope)
        .order_by()
        .values("location_id")
        .annotate(
            responses=Count("id"),
            satisfied=Count("id", filter=Q(score__gte=SATISFIED_FROM)),
        ),
        "location_id",
    )
    active = Location.objects.filter(is_active=True)
    if scope.municipality_id is not None:
        active = active.filter(municipality_id=scope.municipality_id)
    if scope.location_id is not None:
        active = active.filter(pk=scope.location_id)
    locations = Location.objects.filter(Q(pk__in=per) | Q(pk__in=active.values("pk")))
    result = []
    for location in sorted(
        locations.select_related("municipality"), key=lambda loc: (loc.municipality.name, loc.name)
    ):
        n = per.get(location.pk, {})

        def cell(key: str, people: int, n: dict[str, int] = n) -> Cell:
            return Cell(n.get(key, 0), people)

        def rest(whole: str, part: str, people: int, n: dict[str, int] = n) -> Cell:
            return Cell(n.get(whole, 0) - n.get(part, 0), people)

        def line(total: Cell, part: Cell, other: Cell) -> tuple[int | None, int | None, Any]:
            """The total, the part and the share, each None where left out."""
            show_total, (show_part, show_other) = suppressed(total, [part, other])
            shown = show_total and show_part and show_other
            return (
                total.count if show_total else None,
                part.count if show_part else None,
                _share(part.count, total.count) if shown else None,
            )

        responses, satisfied = n.get("responses", 0), n.get("satisfied", 0)
        contacts_shown, _first, first_share = line(
            cell("contacts", _people(n, "contacts")),
            cell("first", _people(n, "first")),
            cell("not_first", _people(n, "not_first")),
        )
        requests_shown, closed_shown, _closed_share = line(
            cell("help_requests", n.get("help_requests_people", 0)),
            cell("closed", n.get("closed_people", 0)),
            rest("help_requests", "closed", n.get("open_people", 0)),
        )
        referrals_shown, _returned, returned_share = line(
            cell("referrals", n.get("referrals_people", 0)),
            cell("returned", n.get("returned_people", 0)),
            rest("referrals", "returned", n.get("kept_people", 0)),
        )
        responses_shown, _satisfied, satisfied_share = line(
            Cell(responses, responses),
            Cell(satisfied, satisfied),
            Cell(responses - satisfied, responses - satisfied),
        )
        result.append(
            {
                "location": location.name,
                "municipality": location.municipality.name,
                "contacts": contacts_shown,
                "answered_first_contact": first_share,
                "help_requests": requests_shown,
                "closed": closed_shown,
                "referrals": referrals_shown,
                "returned": returned_share,
                "responses": responses_shown,
                "satisfied": satisfied_share,
            }
        )
    return result
