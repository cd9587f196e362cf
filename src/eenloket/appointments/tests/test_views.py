import re

import pytest
from django.test import Client

from eenloket.appointments import services
from eenloket.appointments.models import Appointment, BookableService
from eenloket.appointments.slots import free_slots
from eenloket.contacts.models import HelpRequest

pytestmark = pytest.mark.django_db


def passport() -> BookableService:
    return BookableService.objects.get(
        service__name="Paspoort of ID-kaart aanvragen",
        service__location__slug="utrecht-stadskantoor",
    )


def test_specialist_books_from_a_help_request_and_prints_the_confirmation(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("specialist")
    hr = HelpRequest.objects.get(resident__name="Jan de Boer")
    page = client.get(f"/workspace/appointments/book/?help_request={hr.pk}&booking={passport().pk}")
    slot = re.search(r'name="starts_at" id="slot-1" value="([^"]+)"', page.content.decode())
    assert slot is not None
    response = client.post(
        "/workspace/appointments/book/",
        {
            "booking": passport().pk,
            "help_request": hr.pk,
            "starts_at": slot.group(1),
            "name": "Jan de Boer",
            "what_to_bring": "Pasfoto\nOud paspoort",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.latest("pk")
    assert appointment.what_to_bring == ["Pasfoto", "Oud paspoort"]
    assert appointment.help_request == hr
    confirmation = client.get(response["Location"]).content.decode()
    assert "Pasfoto" in confirmation and "Stadskantoor" in confirmation


def test_booking_without_a_time_is_refused_clearly(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("frontoffice").post(
        "/workspace/appointments/book/", {"booking": passport().pk, "name": "X", "starts_at": ""}
    )
    assert response.status_code == 400
    assert not Appointment.objects.filter(name="X").exists()


def test_the_link_moves_and_cancels_without_showing_personal_details(demo) -> None:  # type: ignore[no-untyped-def]
    first, second = free_slots(passport(), days=14)[:2]
    appointment, token = services.appointment_book(
        user=None, booking=passport(), starts_at=first.starts_at, name="Geheime Naam"
    )
    client = Client()
    page = client.get(f"/afspraak/{token}/")
    assert page.status_code == 200
    assert "Geheime Naam" not in page.content.decode()
    assert client.get("/afspraak/unknown-token/").status_code == 404
    moved = client.post(
        f"/afspraak/{token}/", {"action": "move", "starts_at": second.starts_at.isoformat()}
    )
    assert moved.status_code == 200
    assert client.get(f"/afspraak/{token}/").status_code == 404  # the old link is spent
    new_token = re.search(r'href="/afspraak/([^/"]+)/"', moved.content.decode()).group(1)  # type: ignore[union-attr]
    client.post(f"/afspraak/{new_token}/", {"action": "cancel"})
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert client.get(f"/afspraak/{new_token}/").status_code == 404


def test_no_show_only_after_the_start(client_for) -> None:  # type: ignore[no-untyped-def]
    appointment = Appointment.objects.filter(status="booked").first()
    assert appointment is not None
    client = client_for("specialist")
    client.post(f"/workspace/appointments/{appointment.pk}/status/", {"status": "no_show"})
    appointment.refresh_from_db()
    assert appointment.status == "booked"


def test_the_secret_link_never_reaches_the_log(demo, caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    from eenloket.common.logging import RedactSecretsFilter

    handler_filter = RedactSecretsFilter()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get("/afspraak/abcdefSECRETtoken123/")
    assert caplog.records
    for record in caplog.records:
        handler_filter.filter(record)
        assert "SECRETtoken" not in record.getMessage()


def test_booking_over_the_api(demo) -> None:  # type: ignore[no-untyped-def]
    from eenloket.accounts.models import User
    from eenloket.accounts.services import api_token_create

    _, raw = api_token_create(user=User.objects.get(username="specialist"), name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client = Client()
    listed = client.get("/api/bookable-services", **auth).json()
    uwv = next(b for b in listed if b["service"] == "Spreekuur UWV")
    free = client.get(f"/api/bookable-services/{uwv['id']}/slots?days=14", **auth).json()
    payload = {"booking_id": uwv["id"], "starts_at": free[0]["starts_at"], "name": "Jan de Boer"}
    first = client.post("/api/appointments", payload, content_type="application/json", **auth)
    assert first.status_code == 201, first.content
    assert first.json()["what_to_bring"]
    again = client.post("/api/appointments", payload, content_type="application/json", **auth)
    assert again.status_code == 409
    assert again.json()["code"] == "slot_taken"
    amersfoort_token = api_token_create(
        user=User.objects.get(username="specialist-amersfoort"), name="t"
    )[1]
    other = client.get(
        f"/api/bookable-services/{uwv['id']}/slots", HTTP_AUTHORIZATION=f"Bearer {amersfoort_token}"
    )
    assert other.status_code == 404
