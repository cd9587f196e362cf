"""No double booking, ever: concurrent bookings for the last place, and a stateful property test
of book / cancel / reschedule that checks the capacity invariants after every step."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from eenloket.appointments import services
from eenloket.appointments.models import Appointment, BookableService, ServiceHours
from eenloket.appointments.slots import free_slots
from eenloket.common.errors import Conflict
from eenloket.organisations.models import LocationService
from eenloket.organisations.tests.factories import LocationFactory

AMS = ZoneInfo("Europe/Amsterdam")


def _booking(capacity: int) -> BookableService:
    service = LocationService.objects.create(location=LocationFactory(), name="Spreekuur")
    booking = BookableService.objects.create(
        service=service, duration_minutes=30, capacity=capacity, min_notice_hours=0
    )
    for weekday in range(7):
        ServiceHours.objects.create(
            booking=booking, weekday=weekday, opens=dt.time(9, 0), closes=dt.time(11, 0)
        )
    return booking


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_requests_for_the_last_place_book_exactly_one() -> None:
    booking = _booking(capacity=2)
    slot = free_slots(booking, start=dt.date.today() + dt.timedelta(days=1), days=1)[0]
    services.appointment_book(user=None, booking=booking, starts_at=slot.starts_at, name="Eerste")
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(n: int) -> None:
        try:
            barrier.wait()
            services.appointment_book(
                user=None, booking=booking, starts_at=slot.starts_at, name=f"Inwoner {n}"
            )
            result = "booked"
        except Conflict as exc:
            result = str(exc.message)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("booked") == 1
    assert all("no longer free" in o or "niet meer vrij" in o for o in outcomes if o != "booked")
    assert Appointment.objects.filter(booking=booking, status="booked").count() == 2


class Bookings(RuleBasedStateMachine):
    """Book, cancel and reschedule at random; the desks per slot are never exceeded, and the
    slot finder agrees with the bookings."""

    @initialize()
    def setup(self) -> None:
        self.booking = _booking(capacity=2)
        self.day = dt.date.today() + dt.timedelta(days=2)
        self.starts = [
            dt.datetime.combine(self.day, dt.time(9, 0), tzinfo=AMS) + dt.timedelta(minutes=30 * n)
            for n in range(4)
        ]

    def _booked(self) -> list[Appointment]:
        return list(Appointment.objects.filter(booking=self.booking, status="booked"))

    @rule(slot=st.integers(0, 3))
    def book(self, slot: int) -> None:
        taken = sum(1 for a in self._booked() if a.starts_at == self.starts[slot])
        try:
            services.appointment_book(
                user=None, booking=self.booking, starts_at=self.starts[slot], name="X"
            )
            assert taken < 2
        except Conflict:
            assert taken >= 2

    @rule(pick=st.integers(0, 50))
    def cancel(self, pick: int) -> None:
        booked = self._booked()
        if booked:
            services.appointment_set_status(
                user=None, appointment=booked[pick % len(booked)], status="cancelled"
            )

    @rule(pick=st.integers(0, 50), slot=st.integers(0, 3))
    def reschedule(self, pick: int, slot: int) -> None:
        booked = self._booked()
        if not booked:
            return
        appointment = booked[pick % len(booked)]
        taken = sum(
            1 for a in booked if a.starts_at == self.starts[slot] and a.pk != appointment.pk
        )
        try:
            services.appointment_reschedule(
                user=None, appointment=appointment, starts_at=self.starts[slot]
            )
            assert taken < 2
        except Conflict:
            assert taken >= 2 or appointment.starts_at == self.starts[slot]

    @invariant()
    def capacity_holds(self) -> None:
        if not hasattr(self, "booking"):
            return
        booked = self._booked()
        free = {s.starts_at: s.free for s in free_slots(self.booking, start=self.day, days=0)}
        for start in self.starts:
            count = sum(1 for a in booked if a.starts_at == start)
            assert count <= 2
            assert free.get(start, 0) == 2 - count


@pytest.mark.django_db
def test_book_cancel_reschedule_keep_the_capacity(db) -> None:  # type: ignore[no-untyped-def]
    Bookings.TestCase.settings = settings(
        max_examples=25,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    runner = Bookings.TestCase("runTest")
    runner.runTest()
