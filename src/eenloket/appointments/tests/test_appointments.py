"""Slots, booking, reschedule/cancel links, reminders and .ics — across daylight saving."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from eenloket.appointments import services
from eenloket.appointments.models import Appointment, BookableService, ServiceHours
from eenloket.appointments.slots import free_slots
from eenloket.common.errors import Conflict, DomainError
from eenloket.knowledge.models import Topic
from eenloket.organisations.models import ClosingDay, LocationService, Role
from eenloket.organisations.tests.factories import LocationFactory, staff

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
# Thursday 22 October 2026, 08:00 local: summer time ends on Sunday 25 October.
NOW = dt.datetime(2026, 10, 22, 8, 0, tzinfo=AMS)


@pytest.fixture
def booking():  # type: ignore[no-untyped-def]
    location = LocationFactory()
    service = LocationService.objects.create(location=location, name="Spreekuur UWV")
    booking = BookableService.objects.create(
        service=service, duration_minutes=30, capacity=1, horizon_days=30, min_notice_hours=2
    )
    for weekday in range(5):
        ServiceHours.objects.create(
            booking=booking, weekday=weekday, opens=dt.time(10, 0), closes=dt.time(11, 0)
        )
    booking.topics.set([Topic.objects.get(code="uwv.ww")])
    return booking


def test_slots_follow_the_hours_notice_and_closing_days(booking) -> None:  # type: ignore[no-untyped-def]
    ClosingDay.objects.create(location=booking.service.location, date=dt.date(2026, 10, 23))
    found = free_slots(booking, days=6, now=NOW)
    starts = [timezone.localtime(s.starts_at, AMS) for s in found]
    assert starts[0] == dt.datetime(2026, 10, 22, 10, 0, tzinfo=AMS)
    assert all(s.date() != dt.date(2026, 10, 23) for s in starts)  # closed
    assert all(s.weekday() < 5 for s in starts)  # no weekend hours
    assert {s.time() for s in starts} == {dt.time(10, 0), dt.time(10, 30)}


def test_local_times_are_right_across_the_end_of_summer_time(booking) -> None:  # type: ignore[no-untyped-def]
    found = free_slots(booking, days=6, now=NOW)
    before = next(
        s for s in found if timezone.localtime(s.starts_at, AMS).date() == dt.date(2026, 10, 22)
    )
    after = next(
        s for s in found if timezone.localtime(s.starts_at, AMS).date() == dt.date(2026, 10, 26)
    )
    assert before.starts_at.utcoffset() == dt.timedelta(hours=2)
    assert after.starts_at.astimezone(dt.UTC).hour == 9  # 10:00 winter time is 09:00 UTC
    assert before.starts_at.astimezone(dt.UTC).hour == 8


def test_a_full_slot_is_refused_and_the_what_to_bring_comes_from_the_topics(
    booking, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    user = staff(Role.SPECIALIST, organisation=booking.service.location.municipality)
    slot = free_slots(booking, days=1, now=NOW)[0]
    appointment, token = services.appointment_book(
        user=user, booking=booking, starts_at=slot.starts_at, name="Jan", email="jan@example.org"
    )
    assert len(token) >= 43  # 256 bits, url-safe
    assert appointment.what_to_bring  # from the WW article
    with pytest.raises(Conflict):
        services.appointment_book(user=user, booking=booking, starts_at=slot.starts_at, name="Piet")
    assert Appointment.objects.count() == 1
    assert slot.starts_at not in [s.starts_at for s in free_slots(booking, days=1, now=NOW)]


def test_staff_of_another_municipality_cannot_book(booking) -> None:  # type: ignore[no-untyped-def]
    slot = free_slots(booking, days=1, now=NOW)
    with pytest.raises(DomainError):
        services.appointment_book(
            user=staff(Role.SPECIALIST), booking=booking, starts_at=slot[0].starts_at, name="X"
        )


def test_reschedule_and_cancel_through_the_link(booking, monkeypatch, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    first, second = free_slots(booking, days=1, now=NOW)[:2]
    appointment, token = services.appointment_book(
        user=None, booking=booking, starts_at=first.starts_at, name="Aisha", email="a@example.org"
    )
    assert services.appointment_by_token(token) == appointment
    assert services.appointment_by_token("nonsense") is None
    moved, _new_token = services.appointment_reschedule(
        user=None, appointment=appointment, starts_at=second.starts_at
    )
    assert moved.starts_at == second.starts_at
    assert services.appointment_by_token(token) is None  # the old link stops working
    services.appointment_set_status(user=None, appointment=moved, status="cancelled")
    with pytest.raises(Conflict):
        services.appointment_set_status(user=None, appointment=moved, status="cancelled")
    with pytest.raises(DomainError):
        services.appointment_set_status(user=None, appointment=moved, status="no_show")


def test_confirmation_and_reminder_carry_a_correct_ics(
    booking, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    monday = next(
        s
        for s in free_slots(booking, days=6, now=NOW)
        if timezone.localtime(s.starts_at, AMS).date() == dt.date(2026, 10, 26)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_book(
            user=None,
            booking=booking,
            starts_at=monday.starts_at,
            name="Eva",
            email="e@example.org",
        )
    assert len(mailoutbox) == 1
    _name, content, mimetype = mailoutbox[0].attachments[0]
    ics = content.decode() if isinstance(content, bytes) else content
    assert mimetype == "text/calendar"
    assert "DTSTART;TZID=Europe/Amsterdam:20261026T100000" in ics
    sunday = dt.datetime(2026, 10, 25, 12, 0, tzinfo=AMS)
    assert services.appointment_reminders_send(now=sunday) == 1
    assert services.appointment_reminders_send(now=sunday) == 0
    assert "Reminder" in mailoutbox[-1].subject or "Herinnering" in mailoutbox[-1].subject


def test_different_hours_on_a_date_shorten_the_day(booking) -> None:  # type: ignore[no-untyped-def]
    from eenloket.organisations.models import HoursException

    HoursException.objects.create(
        location=booking.service.location,
        date=dt.date(2026, 10, 22),
        opens=dt.time(9, 0),
        closes=dt.time(10, 30),
        reason="Personeelsbijeenkomst",
    )
    starts = [timezone.localtime(s.starts_at, AMS) for s in free_slots(booking, days=0, now=NOW)]
    assert [s.time() for s in starts] == [dt.time(10, 0)]


def test_a_mail_server_that_is_down_does_not_lose_the_booking(
    booking, monkeypatch, django_capture_on_commit_callbacks, settings, caplog
) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    slot = free_slots(booking, days=6, now=NOW)[0]
    with django_capture_on_commit_callbacks(execute=True):
        appointment, token = services.appointment_book(
            user=None, booking=booking, starts_at=slot.starts_at, name="Eva", email="e@example.org"
        )
    assert Appointment.objects.filter(pk=appointment.pk, status="booked").exists()
    [line] = [r for r in caplog.records if "confirmation not sent" in r.getMessage()]
    assert "e@example.org" not in line.getMessage() and token not in line.getMessage()
