"""The limits per address and per resident hold when the requests arrive all at once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from eenloket.appointments.models import Appointment, BookableService
from eenloket.appointments.slots import free_slots
from eenloket.organisations.models import Location
from eenloket.portal.models import OnlineRequest
from eenloket.portal.services import (
    BOOKINGS_PER_HOUR,
    OPEN_BOOKINGS_PER_RESIDENT,
    OPEN_REQUESTS_PER_RESIDENT,
    REQUESTS_PER_HOUR,
)

N = 30

pytestmark = pytest.mark.django_db(transaction=True)


def _all_at_once(requests: list[Callable[[], int]]) -> list[int]:
    """The status codes of the requests. On PostgreSQL they start together, each in its own
    thread with its own connection. SQLite's test database lives in memory, one connection per
    thread cannot share it, so there they run one after another."""
    if connection.vendor != "postgresql":
        return [send() for send in requests]
    barrier = threading.Barrier(len(requests))
    codes: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(send: Callable[[], int]) -> None:
        try:
            barrier.wait()
            code = send()
        except Exception as exc:  # shown by the assertion below
            with lock:
                errors.append(repr(exc))
            return
        finally:
            connection.close()
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=run, args=(send,)) for send in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(codes) == len(requests)
    return codes


def _ask(*, address: str, phone: str) -> Callable[[], int]:
    data = {
        "location": Location.objects.get(slug="utrecht-stadskantoor").pk,
        "kind": "callback",
        "about": "Ik heb een brief van het CJIB en kan niet betalen",
        "name": "Henk",
        "reach_by": "phone",
        "phone": phone,
        "when": "middag",
    }
    return lambda: Client(REMOTE_ADDR=address).post("/vraag/", data).status_code


def _book(*, address: str, email: str, starts_at: str) -> Callable[[], int]:
    booking = BookableService.objects.get(
        service__name="Paspoort of ID-kaart aanvragen",
        service__location__slug="utrecht-stadskantoor",
    )
    data = {"starts_at": starts_at, "name": "Fatima Bakker", "email": email, "phone": ""}
    url = f"/afspraak-maken/{booking.pk}/"
    return lambda: Client(REMOTE_ADDR=address).post(url, data).status_code


def _free_times(count: int) -> list[str]:
    booking = BookableService.objects.get(
        service__name="Paspoort of ID-kaart aanvragen",
        service__location__slug="utrecht-stadskantoor",
    )
    return [slot.starts_at.isoformat() for slot in free_slots(booking, days=28)[:count]]


def test_parallel_questions_from_one_address_stop_at_the_limit(demo) -> None:  # type: ignore[no-untyped-def]
    codes = _all_at_once([_ask(address="203.0.113.7", phone=f"06123456{i:02d}") for i in range(N)])
    assert codes.count(302) == REQUESTS_PER_HOUR
    assert codes.count(429) == N - REQUESTS_PER_HOUR
    assert OnlineRequest.objects.count() == REQUESTS_PER_HOUR


def test_parallel_questions_from_one_resident_stop_at_the_limit(demo) -> None:  # type: ignore[no-untyped-def]
    codes = _all_at_once([_ask(address=f"203.0.113.{i}", phone="0612345678") for i in range(N)])
    assert codes.count(302) == OPEN_REQUESTS_PER_RESIDENT
    assert codes.count(429) == N - OPEN_REQUESTS_PER_RESIDENT
    assert OnlineRequest.objects.count() == OPEN_REQUESTS_PER_RESIDENT


def test_parallel_bookings_from_one_address_stop_at_the_limit(demo) -> None:  # type: ignore[no-untyped-def]
    times = _free_times(N)
    codes = _all_at_once(
        [
            _book(address="203.0.113.7", email=f"p{i}@example.org", starts_at=times[i])
            for i in range(N)
        ]
    )
    assert codes.count(302) == BOOKINGS_PER_HOUR
    assert codes.count(429) == N - BOOKINGS_PER_HOUR
    assert Appointment.objects.filter(name="Fatima Bakker").count() == BOOKINGS_PER_HOUR


def test_parallel_bookings_from_one_resident_stop_at_the_limit(demo) -> None:  # type: ignore[no-untyped-def]
    times = _free_times(N)
    codes = _all_at_once(
        [
            _book(address=f"203.0.113.{i}", email="fatima@example.org", starts_at=times[i])
            for i in range(N)
        ]
    )
    assert codes.count(302) == OPEN_BOOKINGS_PER_RESIDENT
    assert codes.count(429) == N - OPEN_BOOKINGS_PER_RESIDENT
    assert Appointment.objects.filter(name="Fatima Bakker").count() == OPEN_BOOKINGS_PER_RESIDENT
