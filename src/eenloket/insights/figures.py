"""The figures of the promise: is the resident helped, and is anyone sent from pillar to post?

Every function takes a `Scope` (period, municipality, location, channel, organisation) and counts
in the database; medians are taken over the durations the database returns. Functions return
plain rows (dicts), so pages, CSV exports and charts show the same numbers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from eenloket.appointments.models import Appointment
from eenloket.contacts.models import Contact, HelpRequest
from eenloket.feedback.models import SATISFIED_FROM, Feedback
from eenloket.knowledge.models import Article
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


def _median_hours(pairs: Any) -> float | None:
    spans = [(end - start).total_seconds() / 3600 for start, end in pairs if start and end]
    return round(median(spans), 1) if spans else None


def contacts(scope: Scope) -> QuerySet[Contact]:
    return Contact.objects.filter(
        scope.where(
            at="created_at",
            municipality="municipality_id",
            location="location_id",
            channel="channel",
        )
    )


def contact_figures(scope: Scope) -> list[dict[str, Any]]:
    """Per channel: contacts, share answered at the first contact, share handed to a specialist."""
    rows = (
        contacts(scope)
        .values("channel")
        .annotate(
            total=Count("id"),
            first=Count("id", filter=Q(outcome__in=FIRST_CONTACT_OUTCOMES)),
            handed_on=Count("id", filter=Q(outcome=Contact.Outcome.HANDED_ON)),
        )
        .order_by("channel")
    )
    labels = dict(Contact._meta.get_field("channel").choices or [])
    return [
        {
            "channel_code": row["channel"],
            "channel": str(labels.get(row["channel"], row["channel"])),
            "contacts": row["total"],
            "answered_first_contact": _share(row["first"], row["total"]),
            "handed_to_specialist": _share(row["handed_on"], row["total"]),
        }
        for row in rows
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
        qs = qs.filter(questions__organisation_id=scope.organisation_id).distinct()
    return qs


def help_request_figures(scope: Scope) -> dict[str, Any]:
    """Open and closed help requests, median days to close, organisations per help request."""
    qs = help_requests(scope)
    counts = qs.aggregate(
        total=Count("id", distinct=True),
        closed=Count("id", filter=Q(status=HelpRequest.Status.CLOSED), distinct=True),
    )
    hours = _median_hours(
        qs.filter(status=HelpRequest.Status.CLOSED).values_list("created_at", "closed_at")
    )
    per_request = Counter(
        qs.annotate(orgs=Count("questions__organisation", distinct=True)).values_list(
            "orgs", flat=True
        )
    )
    return {
        "total": counts["total"],
        "open": counts["total"] - counts["closed"],
        "closed": counts["closed"],
        "median_days_to_close": round(hours / 24, 1) if hours is not None else None,
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
    qs = Referral.objects.exclude(status=Referral.Status.CONCEPT).filter(
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
    open_statuses = [Referral.Status.SENT, Referral.Status.ACCEPTED, Referral.Status.APPOINTMENT]
    rows = (
        qs.values("organisation_id", "organisation__name")
        .annotate(
            sent=Count("id"),
            returned=Count("id", filter=Q(return_count__gt=0)),
            overdue=Count("id", filter=Q(status__in=open_statuses, due_at__lt=now)),
            resolved=Count("id", filter=Q(resolved_at__isnull=False)),
            confirmed=Count("id", filter=Q(resolved_at__isnull=False, confirmed_at__isnull=False)),
        )
        .order_by("organisation__name")
    )
    spans: dict[int, dict[str, list[tuple[Any, Any]]]] = {}
    for org_id, sent_at, accepted_at, resolved_at in qs.values_list(
        "organisation_id", "sent_at", "accepted_at", "resolved_at"
    ):
        entry = spans.setdefault(org_id, {"accept": [], "resolve": []})
        entry["accept"].append((sent_at, accepted_at))
        entry["resolve"].append((sent_at, resolved_at))
    return [
        {
            "organisation": row["organisation__name"],
            "sent": row["sent"],
            "hours_to_acceptance": _median_hours(spans[row["organisation_id"]]["accept"]),
            "hours_to_resolution": _median_hours(spans[row["organisation_id"]]["resolve"]),
            "returned": _share(row["returned"], row["sent"]),
            "overdue": _share(row["overdue"], row["sent"]),
            "confirmed": _share(row["confirmed"], row["resolved"]),
        }
        for row in rows
    ]


def repeat_contacts(scope: Scope) -> list[dict[str, Any]]:
    """Residents with several contacts about the same topic within 30 days: a resident who
    keeps coming back is perhaps being sent from pillar to post. For the manager to act on."""
    candidates = (
        contacts(scope)
        .filter(resident__isnull=False, topic__isnull=False)
        .values("resident_id", "topic_id")
        .annotate(n=Count("id"))
        .filter(n__gte=REPEAT_CONTACTS)
    )
    found = []
    for group in candidates:
        times = sorted(
            contacts(scope)
            .filter(resident_id=group["resident_id"], topic_id=group["topic_id"])
            .values_list("created_at", flat=True)
        )
        best = max(
            (
                sum(1 for t in times[i:] if t - start <= REPEAT_WINDOW)
                for i, start in enumerate(times)
            ),
            default=0,
        )
        if best >= REPEAT_CONTACTS:
            found.append({**group, "contacts": best, "last": times[-1]})
    return found


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
    waits = [
        (called - since).total_seconds() / 60
        for since, called in tickets.filter(called_at__isnull=False).values_list(
            "waiting_since", "called_at"
        )
        if called is not None
    ]
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
        "median_wait_minutes": round(median(waits), 1) if waits else None,
        "within_10_minutes": _share(sum(1 for w in waits if w <= 10), len(waits)),
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


# The national view shows no number about fewer residents than this.
SUPPRESS_BELOW = 5


def _suppressed(count: int) -> int | None:
    return count if count >= SUPPRESS_BELOW else None


def national_rows(scope: Scope) -> list[dict[str, Any]]:
    """Per location, aggregates only: counts under 5 and shares over fewer than 5 are left out
    (None), so no cell can point at a resident."""
    from eenloket.organisations.models import Location

    per: dict[int, dict[str, int]] = {}

    def add(rows: Any, key: str) -> None:
        for row in rows:
            if row[key] is not None:
                per.setdefault(row[key], {}).update({k: v for k, v in row.items() if k != key})

    add(
        contacts(scope)
        .values("location_id")
        .annotate(
            contacts=Count("id"),
            first=Count("id", filter=Q(outcome__in=FIRST_CONTACT_OUTCOMES)),
        ),
        "location_id",
    )
    add(
        help_requests(scope)
        .values("location_id")
        .annotate(
            help_requests=Count("id", distinct=True),
            closed=Count("id", filter=Q(status=HelpRequest.Status.CLOSED), distinct=True),
        ),
        "location_id",
    )
    add(
        referrals(scope)
        .values("help_request__location_id")
        .annotate(referrals=Count("id"), returned=Count("id", filter=Q(return_count__gt=0))),
        "help_request__location_id",
    )
    add(
        feedbacks(scope)
        .values("location_id")
        .annotate(
            responses=Count("id"), satisfied=Count("id", filter=Q(score__gte=SATISFIED_FROM))
        ),
        "location_id",
    )
    locations = Location.objects.filter(pk__in=per).select_related("municipality")
    result = []
    for location in sorted(locations, key=lambda loc: (loc.municipality.name, loc.name)):
        n = per[location.pk]
        result.append(
            {
                "location": location.name,
                "municipality": location.municipality.name,
                "contacts": _suppressed(n.get("contacts", 0)),
                "answered_first_contact": _share(
                    n.get("first", 0), _suppressed(n.get("contacts", 0)) or 0
                ),
                "help_requests": _suppressed(n.get("help_requests", 0)),
                "closed": _suppressed(n.get("closed", 0)),
                "referrals": _suppressed(n.get("referrals", 0)),
                "returned": _share(n.get("returned", 0), _suppressed(n.get("referrals", 0)) or 0),
                "responses": _suppressed(n.get("responses", 0)),
                "satisfied": _share(n.get("satisfied", 0), _suppressed(n.get("responses", 0)) or 0),
            }
        )
    return result
