"""Time the insights pages with 1,000,000 contacts, 200,000 help requests and 150,000 referrals.

    .venv/bin/python benchmarks/insights.py            # generate (about 2 minutes), then measure
    .venv/bin/python benchmarks/insights.py --reuse    # measure again on the generated database

PostgreSQL only: it creates the database eenloket_bench_insights on 127.0.0.1, loads the demo,
adds municipalities until there are 28 locations, and generates a year of activity in SQL
(generate_series, a fixed seed): 300,000 residents; 1,000,000 contacts (a quarter at Utrecht's
locations, the reference counter and the largest); 200,000 help requests with 1–3 questions to
the agencies and life events; 150,000 referrals with acceptance, resolution, returns and
confirmations; 60,000 feedback responses; 300,000 queue tickets; 100,000 knowledge searches.

It then renders, through Django's test client (middleware, sessions, templates — everything but
the network), the location manager's dashboard as the demo manager and the national view as the
demo coordinator, for the default 30 days and for the whole year, with and without filters.
Prints median and p95 per page in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from _common import ROOT, report, use_fresh_database

DATABASE = "eenloket_bench_insights"
LOCATIONS = 28
RESIDENTS = 300_000
CONTACTS = 1_000_000
HELP_REQUESTS = 200_000
REFERRALS = 150_000
FEEDBACK = 60_000
TICKETS = 300_000
SEARCHES = 100_000
SEARCH_WORDS = [
    "huurtoeslag",
    "zorgtoeslag",
    "kinderopvangtoeslag",
    "aow",
    "kinderbijslag",
    "ww-uitkering",
    "studiefinanciering",
    "verkeersboete",
    "betalingsregeling",
    "eigen bijdrage wmo",
    "verblijfsvergunning",
    "inkomstenbelasting",
    "voorlopige aanslag",
    "kwijtschelding",
    "schuldhulp",
    "paspoort",
    "verhuizing doorgeven",
    "bijstand",
    "energietoeslag",
    "terugvordering toeslag",
    "naturalisatie",
    "studieschuld",
    "ziektewet",
    "pensioen buitenland",
]


def _ids(sql: str, *params: object) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _locations() -> None:
    """Municipalities and locations until there are 28 locations, each with a counter queue."""
    from eenloket.organisations.models import Location, Organisation
    from eenloket.queue.models import Queue

    names = [
        "Amsterdam",
        "Rotterdam",
        "Den Haag",
        "Eindhoven",
        "Groningen",
        "Tilburg",
        "Almere",
        "Breda",
        "Nijmegen",
        "Apeldoorn",
        "Arnhem",
        "Haarlem",
        "Enschede",
        "Zaanstad",
        "Zwolle",
        "Leeuwarden",
        "Maastricht",
        "Dordrecht",
        "Zoetermeer",
        "Leiden",
        "Emmen",
        "Venlo",
        "Deventer",
        "Delft",
        "Alkmaar",
    ]
    for name in names:
        if Location.objects.count() >= LOCATIONS:
            break
        slug = name.lower().replace(" ", "-")
        municipality, _ = Organisation.objects.get_or_create(
            code=f"gemeente-{slug}",
            defaults={"name": f"Gemeente {name}", "kind": Organisation.Kind.MUNICIPALITY},
        )
        Location.objects.get_or_create(
            slug=f"{slug}-servicepunt",
            defaults={
                "municipality": municipality,
                "name": f"Servicepunt {name}",
                "street": "Marktplein 1",
                "postcode": "1000 AA",
                "city": name,
            },
        )
    for location in Location.objects.all():
        Queue.objects.get_or_create(
            location=location,
            kind=Queue.Kind.FRONT_OFFICE,
            defaults={"name": "Balie", "prefix": "A"},
        )


GENERATE = """
SELECT setseed(0.2026);

CREATE TEMP TABLE bench_loc AS
SELECT row_number() OVER (ORDER BY (municipality_id <> %(utrecht)s), id) AS i, id, municipality_id
FROM organisations_location;

INSERT INTO residents_resident
    (created_at, updated_at, name, bsn, phone, email, language, municipality_id)
SELECT now(), now(), 'Inwoner ' || g, '', '', '', 'nl',
       (SELECT municipality_id FROM bench_loc WHERE i = 1 + (g %% %(locations)s))
FROM generate_series(1, %(residents)s) g;

CREATE TEMP TABLE bench_hr AS
SELECT g, l.id AS location_id, l.municipality_id,
       now() - random() * interval '365 days' AS created_at, random() AS r, random() AS c,
       (SELECT min(id) FROM residents_resident) + floor(random() * %(residents)s)::bigint
           AS resident_id
FROM (SELECT g, CASE WHEN random() < 0.25 THEN 1 + floor(random() * %(utrecht_locations)s)
                     ELSE 1 + floor(random() * %(locations)s) END AS k
      FROM generate_series(1, %(help_requests)s) g) s
JOIN bench_loc l ON l.i = s.k;

INSERT INTO contacts_helprequest
    (created_at, updated_at, reference, story, status, closed_at, park_reason, assigned_to_id,
     created_by_id, location_id, municipality_id, resident_id, channel, follow_up_note)
SELECT created_at, created_at, 'X' || lpad(g::text, 6, '0'), 'Situatie van de inwoner',
       CASE WHEN r < 0.65 THEN 'closed' WHEN r < 0.8 THEN 'in_progress'
            WHEN r < 0.9 THEN 'new' ELSE 'parked' END,
       CASE WHEN r < 0.65 THEN least(now(), created_at + random() * interval '30 days') END,
       '', %(specialist)s, %(front)s, location_id, municipality_id, resident_id,
       (ARRAY['balie','balie','telefoon','online','email','huisbezoek'])[1 + floor(c * 6)::int],
       ''
FROM bench_hr;

INSERT INTO contacts_helprequest_life_events (helprequest_id, lifeevent_id)
SELECT id, (%(life_events)s::bigint[])[1 + floor(random() * %(n_life_events)s)::int]
FROM contacts_helprequest WHERE reference LIKE 'X%%' AND random() < 0.3;

INSERT INTO contacts_question
    (created_at, updated_at, text, status, resolution, help_request_id, organisation_id, topic_id)
SELECT h.created_at, h.created_at, 'Vraag', CASE WHEN h.status = 'closed' THEN 'answered'
       ELSE 'open' END, '', h.id,
       (%(agencies)s::bigint[])[1 + floor(random() * %(n_agencies)s)::int], NULL
FROM contacts_helprequest h
CROSS JOIN LATERAL generate_series(1, 1 + (random() < 0.5)::int + (random() < 0.2)::int + 0 * h.id) q
WHERE h.reference LIKE 'X%%';

INSERT INTO residents_consent
    (created_at, updated_at, scope, purpose, given_how, given_at, help_request_id,
     organisation_id, recorded_by_id, resident_id)
SELECT h.created_at, h.created_at, 'alles', 'hulp', 'verbal', h.created_at, h.id,
       %(utrecht)s, %(specialist)s, h.resident_id
FROM contacts_helprequest h WHERE h.reference LIKE 'X%%';

CREATE TEMP TABLE bench_ref AS
SELECT q.id AS question_id, q.help_request_id, q.organisation_id, c.id AS consent_id,
       least(now(), h.created_at + random() * interval '48 hours') AS sent_at,
       random() AS r, random() AS t
FROM contacts_question q
JOIN contacts_helprequest h ON h.id = q.help_request_id
JOIN residents_consent c ON c.help_request_id = h.id
WHERE h.reference LIKE 'X%%'
ORDER BY random() LIMIT %(referrals)s;

INSERT INTO referrals_referral
    (created_at, updated_at, situation, request, documents, reachable, due_at, status, sent_at,
     accepted_at, resolved_at, return_count, confirmed_at, confirmation, consent_id,
     created_by_id, help_request_id, organisation_id, question_id)
SELECT sent_at, sent_at, 'Situatie', 'Verzoek', '', 'telefoon', sent_at + interval '10 days',
       CASE WHEN r < 0.6 THEN 'resolved' WHEN r < 0.85 THEN 'accepted' ELSE 'sent' END,
       sent_at,
       CASE WHEN r < 0.85 THEN least(now(), sent_at + t * interval '72 hours') END,
       CASE WHEN r < 0.6 THEN least(now(), sent_at + interval '72 hours'
                                           + t * interval '10 days') END,
       CASE WHEN t < 0.08 THEN 1 WHEN t < 0.10 THEN 2 ELSE 0 END,
       CASE WHEN r < 0.45 THEN least(now(), sent_at + interval '14 days') END,
       '', consent_id, %(specialist)s, help_request_id, organisation_id, question_id
FROM bench_ref;

INSERT INTO contacts_contact
    (created_at, updated_at, channel, question, answer, outcome, closed_at, created_by_id,
     location_id, municipality_id, resident_id, topic_id, help_request_id, article_id)
SELECT created_at, created_at,
       (ARRAY['balie','balie','balie','telefoon','telefoon','online','email','brief','huisbezoek'])
           [1 + floor(c * 9)::int],
       'Korte vraag van een inwoner', '', outcome,
       CASE WHEN outcome <> '' THEN created_at + interval '10 minutes' END,
       %(front)s, location_id, municipality_id,
       CASE WHEN p < 0.7 THEN (SELECT min(id) FROM residents_resident)
                              + floor(p / 0.7 * %(residents)s)::bigint END,
       CASE WHEN p < 0.8 THEN (%(topics)s::bigint[])[1 + floor(t * %(n_topics)s)::int] END,
       CASE WHEN outcome = 'handed_on' THEN %(first_hr)s + floor(t * %(help_requests)s)::bigint
       END,
       CASE WHEN t < 0.4 THEN (%(articles)s::bigint[])[1 + floor(t / 0.4 * %(n_articles)s)::int]
       END
FROM (
    SELECT g, l.id AS location_id, l.municipality_id,
           now() - random() * interval '365 days' AS created_at, random() AS c, random() AS p,
           random() AS t,
           CASE WHEN o < 0.55 THEN 'answered' WHEN o < 0.63 THEN 'website'
                WHEN o < 0.68 THEN 'appointment' WHEN o < 0.83 THEN 'handed_on'
                WHEN o < 0.88 THEN 'other_organisation' WHEN o < 0.97 THEN 'not_answered'
                ELSE '' END AS outcome
    FROM (SELECT g, random() AS o,
                 CASE WHEN random() < 0.25 THEN 1 + floor(random() * %(utrecht_locations)s)
                      ELSE 1 + floor(random() * %(locations)s) END AS k
          FROM generate_series(1, %(contacts)s) g) s
    JOIN bench_loc l ON l.i = s.k
) c;

INSERT INTO feedback_feedbackinvite
    (subject, channel, salt, token_hash, expires_at, created_at, contact_id, location_id,
     municipality_id)
SELECT 'contact', channel, 'bench', md5('bench' || id), created_at + interval '30 days',
       created_at, id, location_id, municipality_id
FROM contacts_contact WHERE outcome <> '' ORDER BY random() LIMIT %(feedback)s;

INSERT INTO feedback_feedback
    (score, comment, via, channel, subject, created_at, location_id, municipality_id, invite_id)
SELECT CASE WHEN s < 0.7 THEN 5 WHEN s < 0.9 THEN 4 WHEN s < 0.95 THEN 3 WHEN s < 0.98 THEN 2
            ELSE 1 END,
       CASE WHEN s > 0.97 THEN 'Ik werd van het kastje naar de muur gestuurd.' ELSE '' END,
       'link', channel, 'contact', created_at + interval '1 hour', location_id, municipality_id,
       id
FROM (SELECT *, random() AS s FROM feedback_feedbackinvite WHERE salt = 'bench') i;

INSERT INTO queue_ticket
    (day, number, status, name, question, issued_at, waiting_since, called_at, finished_at,
     transfers, queue_id)
SELECT w::date, g, CASE WHEN r < 0.95 THEN 'done' ELSE 'no_show' END, '', '', w, w,
       CASE WHEN r < 0.95 THEN w + r * interval '26 minutes' END,
       CASE WHEN r < 0.95 THEN w + r * interval '26 minutes' + interval '8 minutes' END,
       0, (%(queues)s::bigint[])[1 + floor(q * %(n_queues)s)::int]
FROM (SELECT g, now() - random() * interval '365 days' AS w, random() AS r, random() AS q
      FROM generate_series(1, %(tickets)s) g) s;

INSERT INTO knowledge_searchlog
    (terms, results, created_at, updated_at, opened_id, organisation_id, user_id)
SELECT (%(words)s::text[])[1 + floor(w * %(n_words)s)::int],
       CASE WHEN r < 0.15 THEN 0 ELSE 1 + floor(r * 9)::int END, at, at,
       CASE WHEN r > 0.5 THEN (%(articles)s::bigint[])[1 + floor(r * %(n_articles)s)::int] END,
       (SELECT municipality_id FROM bench_loc WHERE i = 1 + (g %% %(locations)s)),
       %(front)s
FROM (SELECT g, random() AS w, random() AS r, now() - random() * interval '365 days' AS at
      FROM generate_series(1, %(searches)s) g) s;
"""


def generate() -> None:
    from django.db import connection, transaction

    from eenloket.accounts.models import User
    from eenloket.knowledge.models import Article, LifeEvent, Topic
    from eenloket.organisations.models import Location, Organisation
    from eenloket.queue.models import Queue

    _locations()
    utrecht = Organisation.objects.get(code="gemeente-utrecht")
    topics = list(Topic.objects.values_list("pk", flat=True))
    articles = list(
        Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True)
    )
    life_events = list(LifeEvent.objects.values_list("pk", flat=True))
    agencies = list(
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY).values_list("pk", flat=True)
    )
    queues = list(Queue.objects.values_list("pk", flat=True))
    params = {
        "utrecht": utrecht.pk,
        "utrecht_locations": Location.objects.filter(municipality=utrecht).count(),
        "locations": Location.objects.count(),
        "residents": RESIDENTS,
        "help_requests": HELP_REQUESTS,
        "referrals": REFERRALS,
        "contacts": CONTACTS,
        "feedback": FEEDBACK,
        "tickets": TICKETS,
        "searches": SEARCHES,
        "specialist": User.objects.get(username="specialist").pk,
        "front": User.objects.get(username="frontoffice").pk,
        "topics": topics,
        "n_topics": len(topics),
        "articles": articles,
        "n_articles": len(articles),
        "life_events": life_events,
        "n_life_events": len(life_events),
        "agencies": agencies,
        "n_agencies": len(agencies),
        "queues": queues,
        "n_queues": len(queues),
        "words": SEARCH_WORDS,
        "n_words": len(SEARCH_WORDS),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in GENERATE.split(";\n"):
            if not statement.strip():
                continue
            if "%(first_hr)s" in statement:
                cursor.execute(
                    "SELECT min(id) FROM contacts_helprequest WHERE reference LIKE 'X%%'"
                )
                params["first_hr"] = cursor.fetchone()[0]
            started = time.perf_counter()
            cursor.execute(statement, params)
            label = " ".join(statement.split()[:3])
            print(f"  {label:<40} {time.perf_counter() - started:6.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(requests: int) -> None:
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from eenloket.accounts.models import User
    from eenloket.contacts.models import Contact, HelpRequest
    from eenloket.organisations.models import Organisation
    from eenloket.referrals.models import Referral

    print(
        f"contacts: {Contact.objects.count():,}, help requests: {HelpRequest.objects.count():,},"
        f" referrals: {Referral.objects.count():,}"
    )
    settings.ALLOWED_HOSTS = ["*"]
    today = timezone.localdate()
    year = f"start={today.replace(year=today.year - 1)}&end={today}"
    uwv = Organisation.objects.get(code="uwv").pk
    pages = [
        ("manager", "dashboard, 30 days", "/workspace/insights/"),
        ("manager", "dashboard, a year", f"/workspace/insights/?{year}"),
        (
            "manager",
            "dashboard, phone, UWV, year",
            f"/workspace/insights/?{year}&channel=telefoon&organisation={uwv}",
        ),
        ("manager", "dashboard, CSV referrals", f"/workspace/insights/?{year}&export=referrals"),
        # The national view shows whole calendar months only.
        ("coordinator", "national, last month", "/workspace/insights/national/"),
        ("coordinator", "national, CSV", "/workspace/insights/national/?export=locations"),
    ]
    clients: dict[str, Client] = {}
    for username, label, url in pages:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        assert client.get(url).status_code == 200, url  # warm up
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        report(label, times, width=32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="Requests per page.")
    parser.add_argument("--reuse", action="store_true", help="Measure the generated database.")
    args = parser.parse_args()
    if args.reuse:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "eenloket.settings.dev"
    else:
        use_fresh_database("postgres", DATABASE)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not args.reuse:
        from eenloket.demo import load_demo

        load_demo()
        started = time.perf_counter()
        generate()
        print(f"Generated in {time.perf_counter() - started:.0f} s")
    measure(args.requests)


if __name__ == "__main__":
    main()
