"""The access log: the Logboek structure, append-only (in the models, and in PostgreSQL itself),
and every processing activity in the register."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError, InternalError

from eenloket.audit import register
from eenloket.audit.models import AccessLogEntry, AuditRecord
from eenloket.audit.services import access_log_record, access_log_shown
from eenloket.common.errors import AppendOnlyError
from eenloket.common.models import history_purge
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff
from eenloket.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry() -> AccessLogEntry:
    user = staff(Role.SPECIALIST)
    resident = ResidentFactory(municipality=user.membership.organisation)
    return access_log_record(
        user=user,
        resident_id=resident.pk,
        action="read",
        purpose="handle_help_request",
        obj=resident,
    )


def test_a_line_per_action_and_resident_with_the_staff_member_on_a_linked_record(
    entry: AccessLogEntry,
) -> None:
    assert entry.status == "ok" and len(entry.span_id) == 16 and len(entry.trace_id) == 32
    assert entry.operation == "read residents.resident"
    assert entry.audit.user is not None and entry.audit.trace_id == entry.trace_id
    assert register.activity(entry.purpose).name == "Hulpvraag behandelen (brede loket)"


def test_a_page_logs_each_resident_shown_once_in_one_insert(
    django_assert_num_queries: Any,
) -> None:
    user = staff(Role.SPECIALIST)
    jan, eva = ResidentFactory.create_batch(2, municipality=user.membership.organisation)
    shown = [(jan.pk, jan, "handle_contact"), (None, eva, "handle_contact")]
    shown += [(eva.pk, eva, "handle_help_request"), (jan.pk, eva, "handle_help_request")]
    with django_assert_num_queries(2):  # the audit record, then every line in one insert
        access_log_shown(user=user, shown=shown)
    lines = {line.resident_id: line for line in AccessLogEntry.objects.all()}
    assert set(lines) == {jan.pk, eva.pk}
    assert lines[jan.pk].purpose == "handle_contact" and lines[jan.pk].object_id == str(jan.pk)
    assert len({line.audit_id for line in lines.values()}) == 1
    assert lines[eva.pk].audit.user == user


def test_a_page_without_residents_writes_nothing_and_an_agency_is_named() -> None:
    access_log_shown(user=None, shown=[(None, staff(Role.SPECIALIST), "handle_contact")])
    assert not AuditRecord.objects.exists()
    resident = ResidentFactory()
    access_log_shown(user=None, shown=[(resident.pk, resident, "warm_referral")], agent="UWV")
    audit = AuditRecord.objects.get()
    assert audit.user is None and audit.agent == "UWV"
    with pytest.raises(KeyError, match="not in the register"):
        access_log_shown(user=None, shown=[(None, resident, "curiosity")])


def test_an_activity_missing_from_the_register_is_refused(entry: AccessLogEntry) -> None:
    with pytest.raises(KeyError, match="not in the register"):
        access_log_record(
            user=None, resident_id=1, action="read", purpose="curiosity", obj=entry.audit
        )


def test_the_application_cannot_change_or_delete_the_log(entry: AccessLogEntry) -> None:
    entry.purpose = "feedback"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="feedback")
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        entry.audit.save()
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "handle_help_request"


@pytest.mark.postgres
def test_postgresql_refuses_changes_even_in_plain_sql(entry: AccessLogEntry) -> None:
    for sql in (
        "UPDATE audit_accesslogentry SET purpose = 'feedback'",
        "DELETE FROM audit_accesslogentry",
        "UPDATE audit_auditrecord SET user_id = NULL",
    ):
        with (
            pytest.raises((DatabaseError, InternalError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    assert AuditRecord.objects.filter(pk=entry.audit_id, user__isnull=False).exists()


def test_only_a_history_purge_may_delete(entry: AccessLogEntry) -> None:
    with history_purge():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert not AccessLogEntry.objects.filter(pk=entry.pk).exists()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()


def test_every_activity_names_its_basis_and_a_configured_retention() -> None:
    codes = [a.code for a in register.activities()]
    assert len(codes) == len(set(codes))
    for activity in register.activities():
        assert activity.legal_basis.startswith("AVG art.")
        assert activity.purpose and activity.data_categories and activity.recipients
        assert activity.retention_days > 0
