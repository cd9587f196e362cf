"""The registry of personal data is complete and its declarations hold: every model is accounted
for, every path leads to a resident, what is part of something really points at it, and the
privacy tasks reach every kind of record (tickets included)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models
from django.test import override_settings
from django.utils import timezone

from eenloket.audit.retention import retention_apply
from eenloket.audit.rights import resident_erase, resident_export
from eenloket.common import personal_data
from eenloket.queue.models import Queue, Ticket
from eenloket.residents.models import Resident

pytestmark = pytest.mark.django_db

# Fields that carry a resident's words or contact details wherever they appear.
PERSONAL_FIELD_NAMES = {
    "email",
    "phone",
    "question",
    "story",
    "comment",
    "date_of_birth",
    "bsn_hash",
}


def ours() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("eenloket.")]


def test_every_model_is_declared_once() -> None:
    declared = {entry.model for entry in personal_data.entries()}
    not_personal = set(personal_data.declared_not_personal())
    assert not declared & not_personal
    missing = [m._meta.label for m in ours() if m not in declared | not_personal]
    assert missing == [], f"declare these in their app's privacy.py: {missing}"


def test_a_model_with_a_personal_field_is_not_waved_through() -> None:
    """`not_personal` is for models without a resident's data: none of them may hold a field
    that carries a resident's words or contact details (staff and organisations excepted)."""
    staff_or_organisation = {
        "accounts.User",
        "organisations.Location",
        "organisations.ProfessionalLine",
        "organisations.LocationService",
        "appointments.BookableService",
        "queue.Queue",
        "queue.Desk",
    }
    suspicious = [
        f"{model._meta.label}.{f.name}"
        for model in personal_data.declared_not_personal()
        if model._meta.label not in staff_or_organisation
        for f in model._meta.get_fields()
        if f.concrete and (f.name in PERSONAL_FIELD_NAMES or f.related_model is Resident)
    ]
    assert suspicious == []


def test_every_resident_path_and_part_of_is_real() -> None:
    for entry in personal_data.entries():
        list(entry.of_resident(0))  # an unknown lookup raises FieldError
        if entry.part_of:
            field = entry.model._meta.get_field(entry.via)
            assert field.related_model is apps.get_model(entry.part_of), entry.label
        if entry.retention and not entry.subject:  # (the resident goes when nothing is left)
            assert entry.expired is not None, entry.label


def test_rows_go_before_what_they_point_at() -> None:
    order = [entry.model for entry in personal_data.entries()]
    for i, model in enumerate(order):
        for f in model._meta.get_fields():
            if f.is_relation and f.concrete and f.related_model in order[:i]:
                pytest.fail(f"{model._meta.label} comes after {f.related_model._meta.label}")


def test_the_copy_has_a_section_for_every_kind_it_declares(demo: dict[str, str]) -> None:
    jan = Resident.objects.get(name="Jan de Boer")
    copy = resident_export(user=None, resident=jan)
    sections = {e.section for e in personal_data.entries() if e.section and e.export}
    assert set(copy) == sections
    assert copy["resident"]["name"] == "Jan de Boer"
    assert copy["help_requests"] and copy["questions"] and copy["timeline"]


@pytest.fixture
def ticket(demo: dict[str, str]) -> Ticket:
    jan = Resident.objects.get(name="Jan de Boer")
    contact = jan.contacts.first()
    queue = Queue.objects.filter(location=contact.location).first() or Queue.objects.first()
    return Ticket.objects.create(
        queue=queue,
        day=timezone.localdate(),
        number=900,
        status=Ticket.Status.WAITING,
        waiting_since=timezone.now(),
        name="Jan de Boer",
        question="Mijn toeslag is gestopt",
        contact=contact,
    )


def test_a_ticket_is_in_the_copy_and_blanked_after_its_period(ticket: Ticket) -> None:
    jan = Resident.objects.get(name="Jan de Boer")
    assert [t["question"] for t in resident_export(user=None, resident=jan)["tickets"]] == [
        "Mijn toeslag is gestopt"
    ]
    with override_settings(RETENTION_DAYS={**_periods(), "tickets": 7}):
        retention_apply(now=timezone.now() + dt.timedelta(days=6))
        ticket.refresh_from_db()
        assert ticket.name == "Jan de Boer"
        gone = retention_apply(now=timezone.now() + dt.timedelta(days=8))
    ticket.refresh_from_db()
    assert (ticket.name, ticket.question, ticket.status) == ("", "", Ticket.Status.WAITING)
    assert gone["queue.Ticket"] >= 1


def test_erasure_blanks_the_residents_tickets(ticket: Ticket) -> None:
    resident = ticket.contact.resident
    resident.help_requests.update(status="closed", closed_at=timezone.now())
    from eenloket.referrals.models import Referral

    Referral.objects.filter(help_request__resident=resident).update(status="resolved")
    resident.appointments.update(status="cancelled")
    resident_erase(user=None, resident=resident)
    ticket.refresh_from_db()
    assert (ticket.name, ticket.question, ticket.contact) == ("", "", None)


def _periods() -> dict[str, int]:
    from django.conf import settings

    return dict(settings.RETENTION_DAYS)
