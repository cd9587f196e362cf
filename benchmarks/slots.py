"""Time the slot finder with 50 locations × 10 services × 90 days of bookings.

    .venv/bin/python benchmarks/slots.py                    # PostgreSQL on 127.0.0.1
    .venv/bin/python benchmarks/slots.py --database sqlite

Creates its own database (eenloket_bench_slots, or var/bench-slots.sqlite3), 50 locations open
Monday–Friday 9:00–17:00, 10 bookable services each (30 minutes, one desk), and books about 60%
of every service's slots for the next 90 days. Then asks the slot finder, as the booking page
does, for the free times of a random service in the next 14 days, and prints median and p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time

from _common import ROOT, percentile, use_fresh_database

LOCATIONS, SERVICES, DAYS, FILL = 50, 10, 90, 0.6


def generate() -> list[int]:
    from zoneinfo import ZoneInfo

    from django.db import transaction
    from django.utils import timezone

    from eenloket.appointments.models import Appointment, BookableService, hash_token
    from eenloket.organisations.models import Location, LocationService, OpeningHours, Organisation

    rng = random.Random(2026)
    zone = ZoneInfo("Europe/Amsterdam")
    today = timezone.localdate()
    bookings = []
    with transaction.atomic():
        municipality = Organisation.objects.create(
            code="gemeente-bench", name="Bench", kind="municipality"
        )
        for n in range(LOCATIONS):
            location = Location.objects.create(
                municipality=municipality,
                slug=f"loket-{n}",
                name=f"Loket {n}",
                street="Plein 1",
                postcode="1234 AB",
                city="Stad",
            )
            OpeningHours.objects.bulk_create(
                [
                    OpeningHours(location=location, weekday=d, opens=dt.time(9), closes=dt.time(17))
                    for d in range(5)
                ]
            )
            for s in range(SERVICES):
                service = LocationService.objects.create(location=location, name=f"Dienst {s}")
                bookings.append(
                    BookableService.objects.create(
                        service=service, duration_minutes=30, horizon_days=DAYS
                    )
                )
        rows = []
        counter = 0
        for booking in bookings:
            location_id = booking.service.location_id
            for offset in range(DAYS):
                day = today + dt.timedelta(days=offset)
                if day.weekday() >= 5:
                    continue
                for half_hour in range(16):
                    if rng.random() > FILL:
                        continue
                    start = dt.datetime.combine(day, dt.time(9), tzinfo=zone) + dt.timedelta(
                        minutes=30 * half_hour
                    )
                    counter += 1
                    rows.append(
                        Appointment(
                            booking=booking,
                            location_id=location_id,
                            starts_at=start,
                            ends_at=start + dt.timedelta(minutes=30),
                            name="Inwoner",
                            token_hash=hash_token(f"b{counter}"),
                            token_expires_at=start,
                        )
                    )
            if len(rows) > 20000:
                Appointment.objects.bulk_create(rows, batch_size=5000)
                rows = []
        Appointment.objects.bulk_create(rows, batch_size=5000)
    return [b.pk for b in bookings]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    use_fresh_database(
        args.database, "eenloket_bench_slots" if args.database == "postgres" else "bench-slots"
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ids = generate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from eenloket.appointments.models import Appointment, BookableService
    from eenloket.appointments.slots import free_slots

    print(
        f"{connection.vendor}: {Appointment.objects.count()} appointments generated in "
        f"{time.perf_counter() - started:.0f} s"
    )
    rng = random.Random(7)
    times = []
    for _ in range(args.requests):
        booking = BookableService.objects.select_related("service").get(pk=rng.choice(ids))
        started = time.perf_counter()
        found = free_slots(booking, days=14)
        times.append((time.perf_counter() - started) * 1000)
        assert found, "no free slots"
    print(
        f"slot finder, 14 days   n={len(times)}  median {statistics.median(times):6.2f} ms  "
        f"p95 {percentile(times, 0.95):6.2f} ms  max {max(times):6.2f} ms"
    )


if __name__ == "__main__":
    main()
