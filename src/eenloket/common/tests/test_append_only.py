"""History is append-only: every history model refuses updates and deletes in Python, and on
PostgreSQL a trigger per table refuses them in plain SQL; only `history_purge()` deletes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from eenloket.audit.models import AuditRecord
from eenloket.audit.services import access_log_record
from eenloket.common.errors import AppendOnlyError
from eenloket.common.models import AppendOnlyModel, history_purge
from eenloket.contacts.models import HelpRequest, Question, TimelineEvent
from eenloket.contacts.tests.factories import HelpRequestFactory
from eenloket.knowledge.models import Article, ArticleVersion
from eenloket.referrals.models import Referral, ReferralEvent
from eenloket.residents.models import Consent

pytestmark = pytest.mark.django_db

HISTORY = [
    "contacts.TimelineEvent",
    "referrals.ReferralEvent",
    "knowledge.ArticleVersion",
    "audit.AccessLogEntry",
    "audit.AuditRecord",
]


def history_row(label: str) -> models.Model:
    """One row of the history model `label`, with nothing else pointing at it."""
    help_request = HelpRequestFactory()
    if label == "contacts.TimelineEvent":
        return TimelineEvent.objects.create(help_request=help_request, kind="note", message="m")
    if label == "referrals.ReferralEvent":
        return ReferralEvent.objects.create(
            referral=_referral(help_request),
            organisation=help_request.municipality,
            action="send",
            from_status="draft",
            to_status="sent",
        )
    if label == "knowledge.ArticleVersion":
        article = Article.objects.create(
            slug=f"append-only-{help_request.pk}",
            title="t",
            organisation_code="gemeente",
            summary="s",
            body="b",
            review_by=dt.date(2030, 1, 1),
        )
        return ArticleVersion.objects.create(
            article=article, number=1, action="created", content={}
        )
    if label == "audit.AccessLogEntry":
        return access_log_record(
            user=None,
            resident_id=help_request.resident_id,
            action="read",
            purpose="handle_help_request",
            obj=help_request,
        )
    return AuditRecord.objects.create(trace_id="t" * 32)


def _referral(help_request: HelpRequest) -> Referral:
    organisation = help_request.municipality
    consent = Consent.objects.create(
        resident=help_request.resident,
        help_request=help_request,
        organisation=organisation,
        scope="s",
        purpose="p",
        given_how="verbal",
        given_at=timezone.now(),
        recorded_by=help_request.created_by,
    )
    return Referral.objects.create(
        help_request=help_request,
        question=Question.objects.create(
            help_request=help_request, organisation=organisation, text="v"
        ),
        organisation=organisation,
        consent=consent,
        situation="s",
        request="r",
        reachable="tel",
        due_at=timezone.now(),
        created_by=help_request.created_by,
    )


def exists(row: models.Model) -> bool:
    return type(row)._default_manager.filter(pk=row.pk).exists()


def test_every_append_only_model_is_listed_here() -> None:
    derived = {
        model._meta.label for model in apps.get_models() if issubclass(model, AppendOnlyModel)
    }
    assert derived == set(HISTORY)


@pytest.mark.parametrize("label", HISTORY)
def test_saving_a_change_is_refused(label: str) -> None:
    row = history_row(label)
    with pytest.raises(AppendOnlyError, match=f"{label} is append-only"):
        row.save()
    fetched = type(row)._default_manager.get(pk=row.pk)
    with pytest.raises(AppendOnlyError):
        fetched.save()


@pytest.mark.parametrize("label", HISTORY)
def test_a_new_instance_with_an_existing_id_cannot_overwrite_it(label: str) -> None:
    row = history_row(label)
    copy = type(row)._default_manager.get(pk=row.pk)
    copy._state.adding = True
    with pytest.raises(DatabaseError), transaction.atomic():
        copy.save()  # an INSERT with a taken id, never an UPDATE


@pytest.mark.parametrize("label", HISTORY)
def test_deleting_an_instance_is_refused(label: str) -> None:
    row = history_row(label)
    with pytest.raises(AppendOnlyError):
        row.delete()
    assert exists(row)


@pytest.mark.parametrize("label", HISTORY)
def test_queryset_update_is_refused(label: str) -> None:
    row = history_row(label)
    manager = type(row)._default_manager
    with pytest.raises(AppendOnlyError):
        manager.filter(pk=row.pk).update(pk=row.pk)
    with pytest.raises(AppendOnlyError):
        manager.bulk_update([row], [f.name for f in row._meta.concrete_fields if not f.primary_key])


@pytest.mark.parametrize("label", HISTORY)
def test_queryset_delete_is_refused(label: str) -> None:
    row = history_row(label)
    with pytest.raises(AppendOnlyError):
        type(row)._default_manager.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnlyError):
        type(row)._default_manager.all().delete()
    assert exists(row)


def test_related_managers_refuse_too() -> None:
    event = history_row("referrals.ReferralEvent")
    assert isinstance(event, ReferralEvent)
    with pytest.raises(AppendOnlyError):
        event.referral.events.all().delete()
    with pytest.raises(AppendOnlyError):
        event.referral.events.update(note="x")


@pytest.mark.parametrize("label", HISTORY)
def test_history_purge_deletes(label: str) -> None:
    row, other = history_row(label), history_row(label)
    with history_purge():
        row.delete()
        type(other)._default_manager.filter(pk=other.pk).delete()
    assert not exists(row) and not exists(other)
    with pytest.raises(AppendOnlyError):
        type(row)._default_manager.all().delete()  # the purge ended with its block


def test_a_purge_still_refuses_updates() -> None:
    row = history_row("contacts.TimelineEvent")
    with history_purge(), pytest.raises(AppendOnlyError):
        TimelineEvent.objects.filter(pk=row.pk).update(message="changed")


def _sql(row: models.Model, statement: str) -> None:
    table = connection.ops.quote_name(row._meta.db_table)  # a model's table, not input
    sql = {
        "update": f"UPDATE {table} SET id = id WHERE id = %s",  # noqa: S608
        "delete": f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
    }[statement]
    with connection.cursor() as cursor:
        cursor.execute(sql, [row.pk])


@pytest.mark.postgres
@pytest.mark.parametrize("statement", ["update", "delete"])
@pytest.mark.parametrize("label", HISTORY)
def test_postgresql_refuses_plain_sql(label: str, statement: str) -> None:
    row = history_row(label)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _sql(row, statement)
    assert exists(row)


@pytest.mark.postgres
@pytest.mark.parametrize("label", HISTORY)
def test_postgresql_lets_a_purge_delete_in_plain_sql(label: str) -> None:
    row, kept = history_row(label), history_row(label)
    with history_purge():
        _sql(row, "delete")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _sql(kept, "update")  # a purge deletes, it never edits
    assert not exists(row)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _sql(kept, "delete")  # the flag ended with the block, inside the same transaction
    assert exists(kept)


@pytest.mark.postgres
def test_postgresql_closes_the_purge_after_an_error() -> None:
    row = history_row("contacts.TimelineEvent")
    with pytest.raises(RuntimeError), history_purge():
        raise RuntimeError
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _sql(row, "delete")


@pytest.mark.postgres
def test_postgresql_refuses_a_cascade_outside_a_purge() -> None:
    """Django's cascade deletes with raw SQL, past the model: the trigger is what stops it."""
    event = history_row("referrals.ReferralEvent")
    assert isinstance(event, ReferralEvent)
    referral = event.referral
    TimelineEvent.objects.create(help_request=referral.help_request, kind="note", message="m")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).delete()
    assert exists(event)
    with history_purge():
        Referral.objects.filter(pk=referral.pk).delete()
        Question.objects.filter(help_request=referral.help_request).delete()
        Consent.objects.filter(help_request=referral.help_request).delete()
        HelpRequest.objects.filter(pk=referral.help_request_id).delete()
    assert not exists(event)
    assert not TimelineEvent.objects.filter(help_request_id=referral.help_request_id).exists()


@pytest.mark.postgres
def test_postgresql_has_the_trigger_on_every_history_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger"
            " WHERE tgfoid = 'eenloket_append_only'::regproc AND NOT tgisinternal"
        )
        guarded = {name for (name,) in cursor.fetchall()}
    assert guarded == {apps.get_model(label)._meta.db_table for label in HISTORY}
