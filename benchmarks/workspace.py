"""Time the workspace pages with 100,000 contacts and 20,000 help requests.

    .venv/bin/python benchmarks/workspace.py                    # PostgreSQL on 127.0.0.1
    .venv/bin/python benchmarks/workspace.py --database sqlite

It creates its own database (eenloket_bench_ws, or var/bench-ws.sqlite3), loads the demo, adds
the volume to Utrecht (residents, contacts, help requests with questions and timelines), and
then renders, as the demo specialist through Django's test client (middleware, sessions,
templates, the access log — everything but the network): the worklist, the help request list,
the contact list and help request pages. Prints median and p95 per page in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from _common import ROOT, report, use_fresh_database

CONTACTS = 100_000
HELP_REQUESTS = 20_000
RESIDENTS = 10_000


def generate() -> None:
    from django.db import transaction
    from django.utils import timezone

    from eenloket.accounts.models import User
    from eenloket.contacts.models import Channel, Contact, HelpRequest, Question, TimelineEvent
    from eenloket.knowledge.models import Topic
    from eenloket.organisations.models import Location, Organisation
    from eenloket.residents.models import Resident

    rng = random.Random(2026)
    utrecht = Organisation.objects.get(code="gemeente-utrecht")
    locations = list(Location.objects.filter(municipality=utrecht))
    front = User.objects.get(username="frontoffice")
    specialist = User.objects.get(username="specialist")
    topics = list(Topic.objects.all())
    agencies = {o.code: o for o in Organisation.objects.filter(kind="agency")}
    now = timezone.now()
    channels = [c for c, _ in Channel.choices]
    with transaction.atomic():
        residents = Resident.objects.bulk_create(
            [
                Resident(municipality=utrecht, name=f"Inwoner {n}", phone=f"06{n:08d}")
                for n in range(RESIDENTS)
            ],
            batch_size=5000,
        )
        help_requests = HelpRequest.objects.bulk_create(
            [
                HelpRequest(
                    municipality=utrecht,
                    location=rng.choice(locations),
                    resident=rng.choice(residents),
                    story="Situatie van de inwoner " * 5,
                    status=(status := rng.choice(["new", "in_progress", "parked", "closed"])),
                    assigned_to=None if status == "new" else specialist,
                    closed_at=now if status == "closed" else None,
                    channel=rng.choice(channels),
                    follow_up_at=now if rng.random() < 0.05 and status != "closed" else None,
                    created_by=front,
                )
                for _ in range(HELP_REQUESTS)
            ],
            batch_size=5000,
        )
        Question.objects.bulk_create(
            [
                Question(
                    help_request=hr,
                    organisation=agencies.get(topic.organisation_code, utrecht),
                    topic=topic,
                    text=topic.name,
                    status="open" if hr.status != "closed" else "answered",
                )
                for hr in help_requests
                for topic in rng.sample(topics, 2)
            ],
            batch_size=5000,
        )
        TimelineEvent.objects.bulk_create(
            [
                TimelineEvent(
                    help_request=hr, actor=specialist, kind="note", message=f"Notitie {n}"
                )
                for hr in help_requests
                for n in range(4)
            ],
            batch_size=5000,
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    municipality=utrecht,
                    location=rng.choice(locations),
                    channel=rng.choice(channels),
                    resident=rng.choice(residents) if rng.random() < 0.7 else None,
                    question="Korte vraag van een inwoner",
                    answer="Antwoord gegeven",
                    outcome="answered",
                    closed_at=now,
                    created_by=front,
                )
                for _ in range(CONTACTS)
            ],
            batch_size=5000,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--requests", type=int, default=60, help="Requests per page.")
    args = parser.parse_args()

    use_fresh_database(
        args.database, "eenloket_bench_ws" if args.database == "postgres" else "bench-ws"
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from eenloket.demo import load_demo

    load_demo()
    started = time.perf_counter()
    generate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.0f} s on {connection.vendor}")

    from eenloket.accounts.models import User
    from eenloket.contacts.models import Contact, HelpRequest

    print(f"contacts: {Contact.objects.count()}, help requests: {HelpRequest.objects.count()}")
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(username="specialist"))
    rng = random.Random(7)
    ids = list(HelpRequest.objects.values_list("pk", flat=True))
    pages = {
        "worklist (all locations)": lambda: "/workspace/worklist/?location=all",
        "worklist (own location)": lambda: "/workspace/worklist/",
        "help request list": lambda: "/workspace/help-requests/",
        "help request list, page 40": lambda: "/workspace/help-requests/?page=40",
        "contact list": lambda: "/workspace/contacts/",
        "help request page": lambda: f"/workspace/help-requests/{rng.choice(ids)}/",
    }
    for label, url in pages.items():
        client.get(url())  # warm up
        times = []
        for _ in range(args.requests):
            target = url()
            started = time.perf_counter()
            response = client.get(target)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (target, response.status_code)
        report(label, times, width=32)


if __name__ == "__main__":
    main()
