"""Retention with frozen time: records past their period go, everything else stays, open help
requests never go, and a forgotten resident leaves only a line in the access log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from eenloket.appointments.models import Appointment
from eenloket.audit.models import AccessLogEntry
from eenloket.audit.retention import retention_apply
from eenloket.contacts.models import Contact, HelpRequest, Question, TimelineEvent
from eenloket.contacts.tests.factories import ContactFactory, HelpRequestFactory
from eenloket.knowledge.models import SearchLog
from eenloket.organisations.tests.factories import LocationFactory
from eenloket.referrals.models import Referral, ReferralEvent
from eenloket.residents.models import Consent, Resident
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2030, 6, 1, 12, tzinfo=dt.UTC)
PERIODS = {
    "contacts": 100,
    "help_requests": 200,
    "tickets": 7,
    "appointments": 50,
    "feedback": 100,
    "searches": 30,
    "logins": 30,
    "access_log": 300,
    "idempotency": 2,
}


def days_ago(n: int) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def aged(obj: Any, **fields: Any) -> Any:
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    obj.refresh_from_db()
    return obj


@pytest.fixture
def world() -> dict[str, Any]:
    location = LocationFactory()
    municipality = location.municipality
    keep = ResidentFactory(municipality=municipality, name="Blijft")
    forget = aged(
        ResidentFactory(municipality=municipality, name="Vergeten"), created_at=days_ago(400)
    )
    old_case = HelpRequestFactory(resident=keep, municipality=municipality, location=location)
    aged(old_case, status="closed", closed_at=days_ago(201), created_at=days_ago(260))
    recent_case = HelpRequestFactory(resident=keep, municipality=municipality, location=location)
    aged(recent_case, status="closed", closed_at=days_ago(199), created_at=days_ago(260))
    open_case = HelpRequestFactory(resident=keep, municipality=municipality, location=location)
    aged(open_case, created_at=days_ago(900))

    def contact(age: int, **extra: Any) -> Contact:
        made = ContactFactory(municipality=municipality, location=location, **extra)
        return aged(made, created_at=days_ago(age))

    contacts = {
        "old": contact(101, resident=forget),
        "young": contact(99, resident=keep),
        "in_open_case": contact(
            800, resident=keep, help_request=open_case, outcome="handed_on", closed_at=days_ago(800)
        ),
        "in_old_case": contact(
            250, resident=keep, help_request=old_case, outcome="handed_on", closed_at=days_ago(250)
        ),
    }
    consent = Consent.objects.create(
        resident=keep,
        help_request=old_case,
        organisation=municipality,
        scope="s",
        purpose="p",
        given_how="verbal",
        given_at=days_ago(250),
        recorded_by=old_case.created_by,
    )
    question = Question.objects.create(help_request=old_case, organisation=municipality, text="v")
    TimelineEvent.objects.create(help_request=old_case, kind="created", message="Geopend")
    referral = Referral.objects.create(
        help_request=old_case,
        question=question,
        organisation=municipality,
        consent=consent,
        situation="s",
        request="r",
        reachable="tel",
        due_at=days_ago(240),
        status="resolved",
        sent_at=days_ago(250),
        created_by=old_case.created_by,
    )
    ReferralEvent.objects.create(
        referral=referral, organisation=municipality, action="send", from_status="", to_status=""
    )
    for age in (31, 29):
        aged(
            SearchLog.objects.create(organisation=municipality, terms="x", results=0),
            created_at=days_ago(age),
        )
    from eenloket.audit.services import access_log_record

    for age in (301, 299):
        with time_machine.travel(days_ago(age), tick=False):
            access_log_record(
                user=None, resident_id=keep.pk, action="read", purpose="handle_contact", obj=keep
            )
    return {
        "keep": keep,
        "forget": forget,
        "cases": (old_case, recent_case, open_case),
        "contacts": contacts,
    }


@override_settings(RETENTION_DAYS=PERIODS)
def test_past_their_period_go_and_the_rest_stays(world: dict[str, Any]) -> None:
    old_case, recent_case, open_case = world["cases"]
    with time_machine.travel(NOW, tick=False):
        gone = retention_apply()
    assert not HelpRequest.objects.filter(pk=old_case.pk).exists()
    assert HelpRequest.objects.filter(pk__in=[recent_case.pk, open_case.pk]).count() == 2
    assert not Referral.objects.exists() and not Consent.objects.exists()
    # Their history goes with them (past the append-only trigger, on PostgreSQL).
    assert not ReferralEvent.objects.exists()
    assert not TimelineEvent.objects.filter(help_request_id=old_case.pk).exists()
    remaining = set(Contact.objects.values_list("pk", flat=True))
    contacts = world["contacts"]
    assert remaining == {contacts["young"].pk, contacts["in_open_case"].pk}
    assert list(SearchLog.objects.values_list("created_at", flat=True)) == [days_ago(29)]
    # Nothing is left about "Vergeten": the record goes, one line in the log says so.
    assert not Resident.objects.filter(pk=world["forget"].pk).exists()
    assert Resident.objects.filter(pk=world["keep"].pk).exists()
    line = AccessLogEntry.objects.get(resident_id=world["forget"].pk, action="delete")
    assert (line.purpose, line.audit.user) == ("retention", None)
    # Log lines older than 300 days go; younger ones (and today's) stay.
    ages = {(NOW - at).days for at in AccessLogEntry.objects.values_list("at", flat=True)}
    assert max(ages) < 300 and 299 in ages
    assert gone["contacts.HelpRequest"] == 1 and gone["residents.Resident"] == 1
    assert gone["audit.AccessLogEntry"] >= 1


@override_settings(RETENTION_DAYS=PERIODS)
def test_running_it_again_changes_nothing(world: dict[str, Any]) -> None:
    with time_machine.travel(NOW, tick=False):
        retention_apply()
        assert retention_apply() == {}


@override_settings(RETENTION_DAYS=PERIODS)
def test_appointments_go_after_their_own_period(demo: dict[str, str]) -> None:
    now = timezone.now()  # the demo's appointments are in the coming days
    kept = list(Appointment.objects.values_list("pk", flat=True))
    old, young = Appointment.objects.order_by("pk")[:2]
    for appointment, age in ((old, 51), (young, 49)):
        starts = now - dt.timedelta(days=age)
        aged(appointment, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30))
    retention_apply(now=now)
    assert set(Appointment.objects.values_list("pk", flat=True)) == set(kept) - {old.pk}


@override_settings(RETENTION_DAYS=PERIODS)
def test_login_records_go_too() -> None:
    from axes.models import AccessAttempt, AccessLog

    for age in (31, 29):
        made = AccessLog.objects.create(username="w", ip_address="10.0.0.1", user_agent="x")
        aged(made, attempt_time=days_ago(age))  # (the field is stamped "now" on create)
    attempt = AccessAttempt.objects.create(
        username="w", ip_address="10.0.0.1", user_agent="x", failures_since_start=3
    )
    aged(attempt, attempt_time=days_ago(1))
    retention_apply(now=NOW)
    assert list(AccessLog.objects.values_list("attempt_time", flat=True)) == [days_ago(29)]
    assert not AccessAttempt.objects.exists()  # failures older than the 15-minute lock-out


@override_settings(RETENTION_DAYS=PERIODS)
def test_kept_api_answers_go_after_their_own_period() -> None:
    from eenloket.common.models import IdempotentRequest

    for age in (3, 1):
        made = IdempotentRequest.objects.create(
            caller="accounts.user:1", key=f"k-{age}", operation="POST /api/contacts"
        )
        aged(made, created_at=days_ago(age))
    retention_apply(now=NOW)
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["k-1"]


def test_the_command_runs_it_now(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("apply_retention", "--now")
    assert "deleted 0 records" in capsys.readouterr().out
