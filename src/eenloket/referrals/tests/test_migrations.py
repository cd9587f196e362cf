"""Referral migration 0004: every stored state, on the referral and in its history, from the
Dutch values to the English ones and back."""

import datetime as dt
import importlib

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from eenloket.contacts.models import Question
from eenloket.contacts.tests.factories import HelpRequestFactory
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import MunicipalityFactory, staff
from eenloket.referrals.models import Referral, ReferralEvent
from eenloket.residents.models import Consent

DUTCH_TO_ENGLISH = {
    "concept": "draft",
    "verstuurd": "sent",
    "geaccepteerd": "accepted",
    "afspraak_gepland": "appointment_planned",
    "opgelost": "resolved",
    "teruggestuurd": "returned",
    "ingetrokken": "withdrawn",
}
ENGLISH_TO_DUTCH = {english: dutch for dutch, english in DUTCH_TO_ENGLISH.items()}
BEFORE = [("referrals", "0003_reminders")]
AFTER = [("referrals", "0004_english_status_values")]

migration = importlib.import_module("eenloket.referrals.migrations.0004_english_status_values")


def test_the_migration_knows_every_old_value() -> None:
    assert migration.OLD_TO_NEW == DUTCH_TO_ENGLISH
    assert set(DUTCH_TO_ENGLISH.values()) == set(Referral.Status.values)


def _one_referral_per_state() -> list[str]:
    """A referral in each state, each with an event from and to that state, and a creation event
    (from nothing); returns the states in the order they were stored."""
    user = staff(Role.SPECIALIST)
    help_request = HelpRequestFactory(created_by=user)
    organisation = MunicipalityFactory()
    question = Question.objects.create(help_request=help_request, organisation=organisation)
    consent = Consent.objects.create(
        resident=help_request.resident,
        help_request=help_request,
        organisation=organisation,
        scope="s",
        purpose="p",
        given_how=Consent.GivenHow.VERBAL,
        given_at=timezone.now(),
        recorded_by=user,
    )
    states = list(ENGLISH_TO_DUTCH)
    for state in states:
        referral = Referral.objects.create(
            help_request=help_request,
            question=question,
            organisation=organisation,
            consent=consent,
            situation="s",
            request="r",
            reachable="t",
            due_at=timezone.now() + dt.timedelta(days=5),
            status=state,
            sent_at=timezone.now(),
            created_by=user,
        )
        for from_status in ("", state):
            ReferralEvent.objects.create(
                referral=referral,
                organisation=organisation,
                action="step",
                from_status=from_status,
                to_status=state,
            )
    return states


def _stored() -> tuple[list[str], list[tuple[str, str]]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM referrals_referral ORDER BY id")
        statuses = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT from_status, to_status FROM referrals_referralevent ORDER BY id")
        events = [(row[0], row[1]) for row in cursor.fetchall()]
    return statuses, events


def _expected(states: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    return states, [pair for state in states for pair in (("", state), (state, state))]


@pytest.mark.django_db(transaction=True)
def test_every_state_is_renamed_back_and_forth() -> None:
    english = _one_referral_per_state()
    dutch = [ENGLISH_TO_DUTCH[state] for state in english]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        assert _stored() == _expected(dutch)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        assert _stored() == _expected(english)
        if connection.vendor == "postgresql":
            # The history's trigger is on again after the rewrite.
            with pytest.raises(DatabaseError), connection.cursor() as cursor:
                cursor.execute("UPDATE referrals_referralevent SET note = 'changed'")
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
