"""What a municipality's administrator sets up in /admin/ on a fresh install, for the production walk.

The national agencies, topics and knowledge articles come with the migrations; this adds one
municipality with one location (open and walk-in every day, all day, so the walk works whenever CI
runs), a service residents can book online from a few minutes ahead, the walk-in queues and desks,
and three staff accounts with long random passwords and no second-factor device yet. Each gets an
enrolment code from `eenloket enrolment_code`, as an administrator issues it, with which it links
its authenticator app at first login, as real staff do.

Run with the deployed checkout's python and the production settings in the environment:

    DJANGO_SETTINGS_MODULE=eenloket.settings.production ... python tests/production/world.py OUT.json

Writes OUT.json with what the walk needs (usernames, passwords, enrolment codes, location,
service). Expects a fresh database; it does not update an earlier world.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

MUNICIPALITY = ("gemeente-proefstad", "Gemeente Proefstad", "https://www.proefstad.example")
LOCATION = {
    "slug": "proefstad-stadhuis",
    "name": "Servicepunt Stadhuis Proefstad",
    "street": "Markt 1",
    "postcode": "1234 AB",
    "city": "Proefstad",
    "phone": "14 099",
    "walk_in_note": "Binnenlopen zonder afspraak kan elke dag.",
}
# Service name, agency code or None, minutes, desks, topic codes; the first is the one the walk books.
SERVICES = [
    ("Paspoort of ID-kaart aanvragen", None, 15, 2, ["gemeente.paspoort_id"]),
    ("Gesprek specialist brede loket", None, 45, 1, []),
]
# Open every day from midnight to the last second: a CI run at any hour finds the counter open.
ALL_DAY = (dt.time(0, 0), dt.time(23, 59, 59))
# (key in OUT.json, username, first name, last name, role, organisation code or None for the
# municipality, at the location)
STAFF = [
    ("front_office", "f.jansen", "Fleur", "Jansen", "front_office", None, True),
    ("specialist", "s.dekker", "Sven", "Dekker", "specialist", None, True),
    ("uwv_liaison", "l.uwv", "Lieke", "van Dam", "agency_liaison", "uwv", False),
]


def build(out: Path) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import transaction

    from eenloket.accounts.models import User
    from eenloket.appointments.models import BookableService
    from eenloket.knowledge.models import Topic
    from eenloket.organisations.models import (
        Location,
        LocationService,
        OpeningHours,
        Organisation,
        StaffMembership,
    )
    from eenloket.queue.models import Desk, Queue

    with transaction.atomic():
        agencies = {o.code: o for o in Organisation.objects.filter(kind=Organisation.Kind.AGENCY)}
        if "uwv" not in agencies:
            raise SystemExit("world: the migrations did not load the agency 'uwv'")
        code, name, website = MUNICIPALITY
        municipality = Organisation.objects.create(
            code=code, name=name, kind=Organisation.Kind.MUNICIPALITY, website=website
        )
        location = Location.objects.create(municipality=municipality, **LOCATION)
        opens, closes = ALL_DAY
        OpeningHours.objects.bulk_create(
            [
                OpeningHours(location=location, kind=kind, weekday=day, opens=opens, closes=closes)
                for kind in (OpeningHours.Kind.OPEN, OpeningHours.Kind.WALK_IN)
                for day in range(7)
            ]
        )
        for service_name, agency, minutes, desks, topics in SERVICES:
            service = LocationService.objects.create(
                location=location,
                name=service_name,
                organisation=agencies[agency] if agency else None,
            )
            booking = BookableService.objects.create(
                service=service,
                duration_minutes=minutes,
                capacity=desks,
                horizon_days=21,
                min_notice_hours=0,
            )
            booking.topics.set(Topic.objects.filter(code__in=topics))

        queues = {
            kind: Queue.objects.create(location=location, kind=kind, name=label, prefix=prefix)
            for kind, label, prefix in [
                (Queue.Kind.FRONT_OFFICE, "Balie", "A"),
                (Queue.Kind.SPECIALIST, "Specialist", "B"),
                (Queue.Kind.CHECK_IN, "Afspraak", "C"),
            ]
        }
        for desk_name, kinds in [
            ("Balie 1", [Queue.Kind.FRONT_OFFICE, Queue.Kind.CHECK_IN]),
            ("Balie 2", [Queue.Kind.FRONT_OFFICE, Queue.Kind.CHECK_IN]),
            ("Spreekkamer 1", [Queue.Kind.SPECIALIST]),
        ]:
            desk = Desk.objects.create(location=location, name=desk_name)
            desk.queues.set([queues[k] for k in kinds])

        staff: dict[str, dict[str, str]] = {}
        for key, username, first, last, role, org_code, at_location in STAFF:
            password = secrets.token_urlsafe(24)
            user = User.objects.create_user(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                email=f"{username}@proefstad.example",
            )
            membership = StaffMembership(
                user=user,
                role=role,
                organisation=agencies[org_code] if org_code else municipality,
                location=location if at_location else None,
            )
            membership.full_clean()
            membership.save()
            staff[key] = {"username": username, "password": password, "name": f"{first} {last}"}

    # The administrator's step for each new account: a one-time code to link the app with.
    for account in staff.values():
        printed = io.StringIO()
        call_command("enrolment_code", account["username"], stdout=printed, stderr=io.StringIO())
        account["enrolment_code"] = printed.getvalue().strip()

    world: dict[str, Any] = {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "location": {"slug": location.slug, "name": location.name, "city": location.city},
        "service": SERVICES[0][0],
        "agency": {"code": "uwv", "name": agencies["uwv"].name},
        "staff": staff,
    }
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_text(json.dumps(world, indent=2, ensure_ascii=False) + "\n")
    os.chmod(temporary, 0o600)  # it holds passwords and enrolment codes
    os.replace(temporary, out)
    return world


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: world.py OUT.json", file=sys.stderr)
        return 2
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        print("world: set DJANGO_SETTINGS_MODULE (eenloket.settings.production)", file=sys.stderr)
        return 2
    import django

    django.setup()
    out = Path(sys.argv[1])
    world = build(out)
    staff = ", ".join(account["username"] for account in world["staff"].values())
    print(f"world: {world['location']['name']}, staff {staff} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
