"""The location manager's dashboard and the coordinator's national view; every table can be
downloaded as CSV. The national view shows aggregates only, per whole calendar month."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.audit.services import Action, access_log_record_many
from eenloket.common.spreadsheet import csv_response
from eenloket.knowledge.models import Topic
from eenloket.organisations.access import roles_required
from eenloket.organisations.models import Location, Organisation, Role
from eenloket.organisations.selectors import membership_of
from eenloket.residents.models import Resident

from . import figures
from .forms import InsightsFilter, NationalFilter


def _columns() -> dict[str, list[tuple[str, str, str]]]:
    return {
        "trend_columns": [
            ("week", _("Week of"), "date"),
            ("contacts", _("Contacts"), ""),
            ("answered_first_contact", _("Answered at first contact"), "share"),
            ("responses", _("Feedback responses"), ""),
            ("satisfied", _("Satisfied"), "share"),
        ],
        "contact_columns": [
            ("channel", _("Channel"), ""),
            ("contacts", _("Contacts"), ""),
            ("answered_first_contact", _("Answered at first contact"), "share"),
            ("handed_to_specialist", _("Handed to a specialist"), "share"),
        ],
        "comment_columns": [
            ("date", _("Date"), "date"),
            ("score", _("Score (1–5)"), ""),
            ("location", _("Location"), ""),
            ("channel", _("Channel"), ""),
            ("comment", _("Comment"), ""),
        ],
        "search_columns": [
            ("terms", _("Search words"), ""),
            ("searches", _("Searches"), ""),
            ("without_results", _("Without results"), ""),
            ("no_good_result", _("No good result"), ""),
        ],
        "life_event_columns": [
            ("life_event", _("Life event"), ""),
            ("help_requests", _("Help requests"), ""),
        ],
        "referral_columns": [
            ("organisation", _("Organisation"), ""),
            ("sent", _("Sent"), ""),
            ("hours_to_acceptance", _("Hours to acceptance (median)"), ""),
            ("hours_to_resolution", _("Hours to resolution (median)"), ""),
            ("returned", _("Returned"), "share"),
            ("overdue", _("Overdue"), "share"),
            ("confirmed", _("Confirmed with the resident"), "share"),
        ],
        "satisfaction_columns": [
            ("location", _("Location"), ""),
            ("channel", _("Channel"), ""),
            ("responses", _("Responses"), ""),
            ("satisfied", _("Satisfied"), "share"),
        ],
        "columns": [
            ("municipality", _("Municipality"), ""),
            ("location", _("Location"), ""),
            ("contacts", _("Contacts"), ""),
            ("answered_first_contact", _("Answered at first contact"), "share"),
            ("help_requests", _("Help requests"), ""),
            ("closed", _("Closed"), ""),
            ("referrals", _("Referrals"), ""),
            ("returned", _("Returned"), "share"),
            ("responses", _("Feedback responses"), ""),
            ("satisfied", _("Satisfied"), "share"),
        ],
    }


def _chart(
    rows: list[dict[str, Any]],
    label: str,
    series: list[tuple[str, str]],
    *,
    kind: str = "bar",
    percent: bool = False,
    horizontal: bool = False,
) -> dict[str, Any]:
    """What charts.js needs to draw one chart of rows that a table on the page also shows."""
    return {
        "type": kind,
        "labels": [str(row[label]) for row in rows],
        "datasets": [{"label": name, "data": [row[key] for row in rows]} for key, name in series],
        "percent": percent,
        "horizontal": horizontal,
    }


def _scope(request: HttpRequest, *, municipality_id: int | None) -> tuple[Any, figures.Scope]:
    locations = Location.objects.filter(is_active=True)
    if municipality_id is not None:
        locations = locations.filter(municipality_id=municipality_id)
    form = InsightsFilter(
        request.GET or None,
        locations=locations,
        organisations=Organisation.objects.filter(kind=Organisation.Kind.AGENCY),
    )
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=29), today
    location = channel = organisation = None
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        location = form.cleaned_data["location"]
        channel = form.cleaned_data["channel"]
        organisation = form.cleaned_data["organisation"]
    zone = ZoneInfo(settings.TIME_ZONE)
    scope = figures.Scope(
        start=dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        end=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
        municipality_id=municipality_id,
        location_id=location.pk if location else None,
        channel=channel or "",
        organisation_id=organisation.pk if organisation else None,
    )
    return form, scope


def _csv(name: str, rows: list[dict[str, Any]]) -> HttpResponse:
    header = list(rows[0]) if rows else []
    return csv_response(f"{name}.csv", header, ([row[key] for key in header] for row in rows))


@roles_required({Role.LOCATION_MANAGER})
def dashboard(request: HttpRequest) -> HttpResponse:
    """The location manager's figures for their municipality's locations, over free dates: the
    manager may see their own municipality's residents and cases by name (the signals below list
    them), so subtracting one period from another tells them nothing they may not know. The
    coordinator's national view has no free dates (`national`)."""
    membership = membership_of(request.user)
    assert membership is not None
    form, scope = _scope(request, municipality_id=membership.organisation_id)
    counts = functools.cache(lambda: figures.contact_counts(scope))  # one pass, two tables
    # Each table is computed only when it is shown or downloaded.
    table_makers: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "trend": lambda: figures.trend_figures(scope, counts()),
        "contacts": lambda: figures.contact_figures(scope, counts()),
        "referrals": lambda: figures.referral_figures(scope),
        "satisfaction": lambda: figures.satisfaction_figures(scope),
        "comments": lambda: figures.comments(scope),
        "life_events": lambda: figures.life_event_figures(scope),
        "searches": lambda: figures.no_good_result(scope),
    }
    export = request.GET.get("export", "")
    if export in table_makers:
        return _csv(export, table_makers[export]())
    tables = {name: make() for name, make in table_makers.items()}
    knowledge = figures.knowledge_figures(scope)
    repeat = figures.repeat_contacts(scope)

    residents = Resident.objects.in_bulk([r["resident_id"] for r in repeat])
    # Names on a manager's screen are a processing of personal data too: logged per resident.
    access_log_record_many(
        user=request.user,
        objects=[(pk, resident) for pk, resident in residents.items()],
        action=Action.READ,
        purpose="quality_signals",
    )
    names = {pk: resident.name for pk, resident in residents.items()}
    topics = dict(
        Topic.objects.filter(pk__in=[r["topic_id"] for r in repeat]).values_list("pk", "name")
    )
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "last_day": scope.end - dt.timedelta(days=1),
            "tables": tables,
            "charts": {
                "trend": _chart(
                    tables["trend"],
                    "week",
                    [
                        ("answered_first_contact", _("Answered at first contact")),
                        ("satisfied", _("Satisfied")),
                    ],
                    kind="line",
                    percent=True,
                ),
                "contacts": _chart(
                    tables["contacts"],
                    "channel",
                    [
                        ("answered_first_contact", _("Answered at first contact")),
                        ("handed_to_specialist", _("Handed to a specialist")),
                    ],
                    percent=True,
                ),
                "referrals": _chart(
                    tables["referrals"],
                    "organisation",
                    [
                        ("hours_to_acceptance", _("Hours to acceptance (median)")),
                        ("hours_to_resolution", _("Hours to resolution (median)")),
                    ],
                    horizontal=True,
                ),
                "satisfaction": _chart(
                    [
                        {**row, "where": f"{row['location']} · {row['channel']}"}
                        for row in tables["satisfaction"]
                    ],
                    "where",
                    [("satisfied", _("Satisfied"))],
                    percent=True,
                    horizontal=True,
                ),
            },
            "help_requests": figures.help_request_figures(scope),
            "queue": figures.queue_figures(scope),
            "knowledge": knowledge,
            "repeat": [
                {
                    **r,
                    "name": names.get(r["resident_id"], ""),
                    "topic": topics.get(r["topic_id"], ""),
                }
                for r in repeat
            ],
            "returned_twice": figures.returned_twice(scope).select_related(
                "organisation", "help_request"
            )[:50],
            **_columns(),
        },
    )


@roles_required({Role.COORDINATOR})
def national(request: HttpRequest) -> HttpResponse:
    """Aggregates across locations only, for one whole calendar month that is over: no number
    about fewer than 5 people, nor one that could be worked out (`figures.national_rows`). The
    fixed months cannot overlap, so no two views subtract to a few days; channel and
    organisation filters are not offered, as all channels minus some would give the rest."""
    form = NationalFilter(request.GET, today=timezone.localdate())
    context = {
        "form": form,
        "suppress_below": figures.SUPPRESS_BELOW,
        "title": _("National view"),
        **_columns(),
    }
    if not form.is_valid():
        return render(request, "insights/national.html", context, status=400)
    first = form.cleaned_data["period"]
    after = (first + dt.timedelta(days=31)).replace(day=1)
    zone = ZoneInfo(settings.TIME_ZONE)
    scope = figures.Scope(
        start=dt.datetime.combine(first, dt.time.min, tzinfo=zone),
        end=dt.datetime.combine(after, dt.time.min, tzinfo=zone),
    )
    rows = figures.national_rows(scope)
    if request.GET.get("export") == "locations":
        return _csv("locations", rows)
    return render(
        request,
        "insights/national.html",
        {
            **context,
            "scope": scope,
            "last_day": scope.end - dt.timedelta(days=1),
            "rows": rows,
            "charts": {
                "locations": _chart(
                    rows,
                    "location",
                    [
                        ("answered_first_contact", _("Answered at first contact")),
                        ("satisfied", _("Satisfied")),
                    ],
                    percent=True,
                    horizontal=True,
                )
            },
        },
    )
