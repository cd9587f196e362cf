"""A resident's copy of their data, and erasure where the law allows."""

from __future__ import annotations

import json

import pytest

from eenloket.audit.models import AccessLogEntry
from eenloket.contacts.models import Contact, HelpRequest
from eenloket.residents.models import Resident

pytestmark = pytest.mark.django_db


def test_export_has_everything_with_the_bsn_masked(client_for) -> None:  # type: ignore[no-untyped-def]
    jan = Resident.objects.get(name="Jan de Boer")
    response = client_for("frontoffice").get(f"/workspace/residents/{jan.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="gegevens.json"'
    data = json.loads(response.content)
    assert data["resident"]["name"] == "Jan de Boer"
    assert data["resident"]["bsn"] == "••••••019"
    assert "999990019" not in response.content.decode()
    assert data["help_requests"] and data["questions"] and data["timeline"]
    assert data["contacts"] and data["consents"]
    assert AccessLogEntry.objects.filter(resident_id=jan.pk, action="export").exists()
    assert (
        client_for("specialist-amersfoort")
        .get(f"/workspace/residents/{jan.pk}/export/")
        .status_code
        == 404
    )


def test_erasure_waits_until_nothing_is_in_progress(client_for) -> None:  # type: ignore[no-untyped-def]
    jan = Resident.objects.get(name="Jan de Boer")
    specialist = client_for("specialist")
    url = f"/workspace/residents/{jan.pk}/erase/"
    # Not confirmed: nothing happens.
    specialist.post(url, {})
    assert Resident.objects.filter(pk=jan.pk).exists()
    # Jan's help request is open: refused, with the reason.
    page = specialist.post(url, {"confirm": "1"}, follow=True)
    assert "open hulpvraag" in page.content.decode()
    assert Resident.objects.filter(pk=jan.pk).exists()
    # The front office may not erase at all.
    assert client_for("frontoffice").post(url, {"confirm": "1"}).status_code == 403


def test_erasure_removes_everything_but_the_log(client_for) -> None:  # type: ignore[no-untyped-def]
    piet = Resident.objects.get(name="Piet Hendriks")
    HelpRequest.objects.filter(resident=piet).update(status="closed", closed_at="2026-01-01T00:00Z")
    from eenloket.referrals.models import Referral

    Referral.objects.filter(help_request__resident=piet).update(status="resolved")
    from eenloket.appointments.models import Appointment

    Appointment.objects.filter(resident=piet).update(status="cancelled")
    response = client_for("specialist").post(
        f"/workspace/residents/{piet.pk}/erase/", {"confirm": "1"}, follow=True
    )
    assert "zijn gewist" in response.content.decode()
    assert not Resident.objects.filter(pk=piet.pk).exists()
    assert not Contact.objects.filter(resident_id=piet.pk).exists()
    assert not HelpRequest.objects.filter(resident_id=piet.pk).exists()
    line = AccessLogEntry.objects.get(resident_id=piet.pk, action="delete")
    assert line.purpose == "erasure" and line.audit.user is not None
