"""Booking online without a login: the steps, the confirmation, and the limits."""

import re

import pytest
from django.core import mail
from django.test import Client

from eenloket.appointments.models import Appointment, BookableService
from eenloket.appointments.slots import free_slots
from eenloket.common.bsn import BSN_MARKER

pytestmark = pytest.mark.django_db


def passport() -> BookableService:
    return BookableService.objects.get(
        service__name="Paspoort of ID-kaart aanvragen",
        service__location__slug="utrecht-stadskantoor",
    )


def book(client: Client, slot_index: int = 0, **overrides: str):  # type: ignore[no-untyped-def]
    slot = free_slots(passport(), days=28)[slot_index]
    data = {
        "starts_at": slot.starts_at.isoformat(),
        "name": "Fatima Bakker",
        "email": "fatima@example.org",
        "phone": "",
        **overrides,
    }
    return client.post(f"/afspraak-maken/{passport().pk}/", data)


def test_choose_a_service_a_day_and_a_time(demo) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    start = client.get("/afspraak-maken/?loket=utrecht-stadskantoor").content.decode()
    assert f"/afspraak-maken/{passport().pk}/" in start
    page = client.get(f"/afspraak-maken/{passport().pk}/").content.decode()
    days = re.findall(r'href="\?dag=(\d{4}-\d\d-\d\d)#h-times"', page)
    assert len(days) >= 5
    # Choosing another day shows that day's times only.
    other = client.get(f"/afspraak-maken/{passport().pk}/?dag={days[2]}").content.decode()
    times = re.findall(r'name="starts_at" id="slot-\d+" value="([^"]+)"', other)
    assert times and all(t.startswith(days[2]) for t in times)


def test_a_resident_books_and_gets_the_confirmation_with_what_to_bring(  # type: ignore[no-untyped-def]
    demo, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = book(client)
    assert response.status_code == 302
    appointment = Appointment.objects.get(name="Fatima Bakker")
    assert appointment.booked_by is None and appointment.sender_hash
    page = client.get(response["Location"]).content.decode()
    assert "Pasfoto" in page or "pasfoto" in page
    assert re.search(r'href="/afspraak/[^/"]{43}/"', page)  # change or cancel
    assert re.search(r'href="http://[^"]+/mening/[0-9a-f]{64}/"', page)  # feedback
    assert "<svg" in page  # the QR code
    assert "Fatima" not in page  # no personal details on the page
    # The e-mail with the calendar file and the feedback link.
    (message,) = mail.outbox
    assert message.to == ["fatima@example.org"]
    assert message.attachments[0][0] == "afspraak.ics"
    assert "/mening/" in message.body


def test_a_bsn_typed_into_the_name_is_not_stored(  # type: ignore[no-untyped-def]
    demo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = book(Client(), name="Fatima Bakker 123 456 782")
    assert response.status_code == 302
    appointment = Appointment.objects.get(name__startswith="Fatima Bakker")
    assert appointment.name == f"Fatima Bakker {BSN_MARKER}"
    # The confirmation e-mail is checked for BSNs after every test (conftest.py).
    assert len(mail.outbox) == 1


def test_a_taken_time_is_refused_and_nothing_is_booked_twice(demo) -> None:  # type: ignore[no-untyped-def]
    booking = passport()
    slot = free_slots(booking, days=28)[0].starts_at
    outcomes = [
        book(Client(), starts_at=slot.isoformat(), email=f"p{i}@example.org").status_code
        for i in range(booking.capacity + 1)
    ]
    assert outcomes[-1] == 409 and 302 in outcomes
    assert Appointment.objects.filter(booking=booking, starts_at=slot, status="booked").count() == (
        booking.capacity
    )
    refused = book(Client(), starts_at=slot.isoformat(), email="late@example.org")
    assert "niet meer vrij" in refused.content.decode() or "no longer free" in (
        refused.content.decode()
    )
    assert not Appointment.objects.filter(email="late@example.org").exists()


def test_without_e_mail_or_phone_the_booking_is_refused(demo) -> None:  # type: ignore[no-untyped-def]
    response = book(Client(), email="", phone="")
    assert response.status_code == 400
    assert not Appointment.objects.filter(name="Fatima Bakker").exists()


def test_a_time_that_is_no_time_is_refused(demo) -> None:  # type: ignore[no-untyped-def]
    response = book(Client(), starts_at="morgen om drie uur")
    assert response.status_code == 400
    assert not Appointment.objects.filter(name="Fatima Bakker").exists()


def test_one_resident_may_have_a_few_open_bookings(demo) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        assert book(Client(REMOTE_ADDR=f"10.0.1.{i}"), slot_index=i).status_code == 302
    refused = book(Client(REMOTE_ADDR="10.0.1.9"), slot_index=3, email="FATIMA@example.org")
    assert refused.status_code == 429
    assert Appointment.objects.filter(name="Fatima Bakker").count() == 3


def test_one_address_may_book_a_few_per_hour(demo) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for i in range(5):
        assert book(client, slot_index=i, email=f"p{i}@example.org").status_code == 302
    refused = book(client, slot_index=5, email="p5@example.org")
    assert refused.status_code == 429
    assert not Appointment.objects.filter(email="p5@example.org").exists()


def test_the_honeypot_books_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    before = Appointment.objects.count()
    assert book(Client(), website="http://spam.example").status_code == 200
    assert Appointment.objects.count() == before


def test_the_confirmation_needs_the_booking_session(demo) -> None:  # type: ignore[no-untyped-def]
    assert Client().get("/afspraak-maken/bevestiging/").status_code == 302


def test_unknown_and_inactive_services_answer_404(demo) -> None:  # type: ignore[no-untyped-def]
    booking = passport()
    booking.is_active = False
    booking.save()
    assert Client().get(f"/afspraak-maken/{booking.pk}/").status_code == 404
    assert Client().get("/afspraak-maken/999999/").status_code == 404
