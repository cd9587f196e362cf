"""Demo data: two municipalities, the national agencies' professional lines, one account per role,
and a few residents with contacts and help requests in various states. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.appointments.models import BookableService, ServiceHours
from eenloket.appointments.services import appointment_book
from eenloket.appointments.slots import free_slots
from eenloket.contacts import services as contact_services
from eenloket.contacts.models import Channel, Contact, Question
from eenloket.knowledge.models import Article, ArticleVersion, LifeEvent, Topic
from eenloket.knowledge.services import lesson_suggest, reference_data_load, seed_articles_load
from eenloket.organisations.models import (
    ClosingDay,
    Location,
    LocationService,
    OpeningHours,
    Organisation,
    ProfessionalLine,
    Role,
    StaffMembership,
)
from eenloket.queue.models import Desk, Queue, Ticket
from eenloket.queue.services import ticket_issue
from eenloket.referrals.services import referral_act, referral_create
from eenloket.residents.models import Consent, Resident
from eenloket.triage.models import FollowUpQuestion, TriageRule
from eenloket.triage.services import seed_rules_load


class DemoRefused(Exception):
    """The demo was asked for where it does not exist (production settings)."""


def demo_allowed() -> None:
    """The demo's accounts (password "demo") and invented residents exist only where the settings
    turn the demo on; production refuses them."""
    if not settings.DEMO_ENABLED:
        raise DemoRefused(
            "the demo data (accounts with the password 'demo') is not for this installation: "
            f"{settings.SETTINGS_MODULE} does not allow it. Create real accounts with "
            "`eenloket createsuperuser` and set up the municipality in /admin/."
        )


DEMO_PASSWORD = "demo"  # noqa: S105 - demo accounts only, created by this loader alone

PARTNERS = [
    ("ido", "Informatiepunt Digitale Overheid", "https://www.digitaleoverheid.nl/informatiepunt"),
    ("buurtteam-utrecht", "Buurtteam Utrecht", ""),
    ("schuldhulp-utrecht", "Schuldhulpverlening Utrecht", ""),
]

# (username, first name, last name, role, organisation code or None, location slug or None)
ACCOUNTS = [
    (
        "frontoffice",
        "Fatima",
        "El Amrani",
        Role.FRONT_OFFICE,
        "gemeente-utrecht",
        "utrecht-stadskantoor",
    ),
    (
        "specialist",
        "Sanne",
        "de Vries",
        Role.SPECIALIST,
        "gemeente-utrecht",
        "utrecht-stadskantoor",
    ),
    (
        "manager",
        "Marco",
        "Jansen",
        Role.LOCATION_MANAGER,
        "gemeente-utrecht",
        "utrecht-stadskantoor",
    ),
    ("liaison-uwv", "Lotte", "Bakker", Role.AGENCY_LIAISON, "uwv", None),
    ("knowledge", "Kees", "Visser", Role.KNOWLEDGE_MANAGER, None, None),
    ("coordinator", "Carla", "Mulder", Role.COORDINATOR, None, None),
    ("admin", "Ahmed", "Yilmaz", Role.ADMINISTRATOR, None, None),
    (
        "specialist-amersfoort",
        "Sem",
        "Smit",
        Role.SPECIALIST,
        "gemeente-amersfoort",
        "amersfoort-stadhuis",
    ),
]

# Valid by the 11-test, from the ranges commonly used for testing; none belongs to a real person.
RESIDENTS = [
    ("gemeente-utrecht", "Jan de Boer", dt.date(1968, 3, 14), "999990019", "06-00000001"),
    ("gemeente-utrecht", "Aisha Haddou", dt.date(1991, 7, 2), "999990020", "06-00000002"),
    ("gemeente-utrecht", "Piet Hendriks", dt.date(1956, 11, 30), "", "06-00000003"),
    ("gemeente-amersfoort", "Eva Kramer", dt.date(1985, 1, 21), "999990032", ""),
]


def _organisation(code: str, name: str, kind: str, website: str = "") -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        code=code, defaults={"name": name, "kind": kind, "website": website}
    )
    return org


def _location(municipality: Organisation, slug: str, **fields: str) -> Location:
    location, _ = Location.objects.update_or_create(
        slug=slug, defaults={"municipality": municipality, **fields}
    )
    location.opening_hours.all().delete()
    weekdays = range(5)
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(
                location=location,
                kind="open",
                weekday=d,
                opens=dt.time(8, 30),
                closes=dt.time(17, 0),
            )
            for d in weekdays
        ]
        + [
            OpeningHours(
                location=location, kind="walk_in", weekday=d, opens=dt.time(9), closes=dt.time(17)
            )
            for d in weekdays
        ]
        + [
            OpeningHours(
                location=location,
                kind="open",
                weekday=3,
                opens=dt.time(17, 0),
                closes=dt.time(20, 0),
            )
        ]
    )
    ClosingDay.objects.update_or_create(
        location=location, date=dt.date(2026, 12, 25), defaults={"reason": "Eerste Kerstdag"}
    )
    ClosingDay.objects.update_or_create(
        location=location, date=dt.date(2026, 12, 26), defaults={"reason": "Tweede Kerstdag"}
    )
    return location


def _queue_today(location: Location, front: User) -> None:
    """Queues and desks at the location, and (once a day) residents waiting in them."""
    queues = {}
    for kind, name, prefix in [
        (Queue.Kind.FRONT_OFFICE, "Balie", "A"),
        (Queue.Kind.SPECIALIST, "Specialist", "B"),
        (Queue.Kind.CHECK_IN, "Afspraak", "C"),
    ]:
        queues[kind], _ = Queue.objects.update_or_create(
            location=location, kind=kind, defaults={"name": name, "prefix": prefix}
        )
    for name, kinds in [
        ("Balie 1", [Queue.Kind.FRONT_OFFICE, Queue.Kind.CHECK_IN]),
        ("Balie 2", [Queue.Kind.FRONT_OFFICE, Queue.Kind.CHECK_IN]),
        ("Spreekkamer 1", [Queue.Kind.SPECIALIST]),
    ]:
        desk, _ = Desk.objects.get_or_create(location=location, name=name)
        desk.queues.set([queues[k] for k in kinds])
    if Ticket.objects.filter(queue__location=location, day=timezone.localdate()).exists():
        return
    # A full day of appointments at the counter: the first free passport and specialist times.
    for service_name, names in [
        ("Paspoort of ID-kaart aanvragen", ["Fatima el Amrani", "Kees Visser", "Sanne Bakker"]),
        ("Gesprek specialist brede loket", ["Mohammed Saidi", "Ria de Wit"]),
    ]:
        booking = BookableService.objects.get(
            service__location=location, service__name=service_name
        )
        for slot, name in zip(free_slots(booking, days=7), names, strict=False):
            appointment_book(user=front, booking=booking, starts_at=slot.starts_at, name=name)
    for kind, name, question in [
        (Queue.Kind.FRONT_OFFICE, "", "Wat kost een ID-kaart?"),
        (Queue.Kind.FRONT_OFFICE, "mevrouw Yilmaz", "Brief van de Belastingdienst"),
        (Queue.Kind.SPECIALIST, "meneer Jansen", "Schulden en een aanmaning van het CJIB"),
        (Queue.Kind.FRONT_OFFICE, "", "Verhuizing doorgeven"),
    ]:
        ticket_issue(user=front, queue=queues[kind], name=name, question=question)


def _services(location: Location, agencies: dict[str, Organisation]) -> None:
    # name, organisation, minutes, desks, topics, own hours (weekdays, from, until)
    for name, org, minutes, desks, topics, hours in [
        ("Gesprek specialist brede loket", None, 45, 2, [], None),
        ("Paspoort of ID-kaart aanvragen", None, 15, 3, ["gemeente.paspoort_id"], None),
        ("Hulp bij digitale overheidszaken", None, 30, 1, [], None),
        ("Spreekuur UWV", agencies["uwv"], 30, 1, ["uwv.ww", "uwv.werkzoekend"], ([1, 3], 10, 12)),
        (
            "Spreekuur Belastingdienst",
            agencies["belastingdienst"],
            30,
            1,
            ["belastingdienst.aangifte"],
            ([2], 13, 16),
        ),
    ]:
        service, _ = LocationService.objects.update_or_create(
            location=location, name=name, defaults={"organisation": org}
        )
        booking, _ = BookableService.objects.update_or_create(
            service=service, defaults={"duration_minutes": minutes, "capacity": desks}
        )
        booking.topics.set(Topic.objects.filter(code__in=topics))
        if hours is not None:
            weekdays, opens, closes = hours
            booking.hours.all().delete()
            for weekday in weekdays:
                ServiceHours.objects.create(
                    booking=booking, weekday=weekday, opens=dt.time(opens), closes=dt.time(closes)
                )


@transaction.atomic
def load_demo() -> dict[str, str]:
    """Create or refresh the demo data; returns username → role label for the banner."""
    demo_allowed()
    reference_data_load(
        organisation_model=Organisation, topic_model=Topic, life_event_model=LifeEvent
    )
    seed_articles_load(
        article_model=Article,
        version_model=ArticleVersion,
        topic_model=Topic,
        life_event_model=LifeEvent,
    )
    seed_rules_load(rule_model=TriageRule, question_model=FollowUpQuestion)
    utrecht = _organisation(
        "gemeente-utrecht",
        "Gemeente Utrecht",
        Organisation.Kind.MUNICIPALITY,
        "https://www.utrecht.nl",
    )
    amersfoort = _organisation(
        "gemeente-amersfoort",
        "Gemeente Amersfoort",
        Organisation.Kind.MUNICIPALITY,
        "https://www.amersfoort.nl",
    )
    for code, name, website in PARTNERS:
        _organisation(code, name, Organisation.Kind.PARTNER, website)
    agencies = {o.code: o for o in Organisation.objects.filter(kind=Organisation.Kind.AGENCY)}

    stadskantoor = _location(
        utrecht,
        "utrecht-stadskantoor",
        name="Servicepunt Stadskantoor Utrecht",
        street="Stadsplateau 1",
        postcode="3521 AZ",
        city="Utrecht",
        phone="14 030",
        walk_in_note="Loop binnen zonder afspraak, maandag tot en met vrijdag van 9.00 tot 17.00 uur.",
    )
    overvecht = _location(
        utrecht,
        "utrecht-overvecht",
        name="Servicepunt Wijkbureau Overvecht",
        street="Zamenhofdreef 2",
        postcode="3562 JT",
        city="Utrecht",
        phone="14 030",
        walk_in_note="Binnenlopen kan van 9.00 tot 17.00 uur.",
    )
    stadhuis = _location(
        amersfoort,
        "amersfoort-stadhuis",
        name="Loket Stadhuis Amersfoort",
        street="Stadhuisplein 1",
        postcode="3811 LM",
        city="Amersfoort",
        phone="14 033",
        walk_in_note="Binnenlopen zonder afspraak kan.",
    )
    for location in (stadskantoor, overvecht, stadhuis):
        _services(location, agencies)

    for index, (code, agency) in enumerate(sorted(agencies.items()), start=1):
        line, _ = ProfessionalLine.objects.update_or_create(
            organisation=agency,
            name=f"Professionallijn {agency.name}",
            defaults={
                "phone": f"088-000 00 {index:02d} (fictief)",
                "tips": "Houd het BSN van de inwoner en het kenmerk van de brief bij de hand.",
            },
        )
        line.topics.set(Topic.objects.filter(organisation_code=code))

    locations = {loc.slug: loc for loc in Location.objects.all()}
    organisations = {o.code: o for o in Organisation.objects.all()}
    users: dict[str, User] = {}
    banner: dict[str, str] = {}
    for username, first, last, role, org_code, location_slug in ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.eenloket.example",
                "is_active": True,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        StaffMembership.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "organisation": organisations.get(org_code) if org_code else None,
                "location": locations.get(location_slug) if location_slug else None,
            },
        )
        users[username] = user
        banner[username] = str(role.label)

    residents = {}
    for org_code, name, born, bsn, phone in RESIDENTS:
        resident, _ = Resident.objects.update_or_create(
            municipality=organisations[org_code],
            name=name,
            defaults={"date_of_birth": born, "bsn": bsn, "phone": phone},
        )
        residents[name] = resident

    if not Contact.objects.filter(resident__in=residents.values()).exists():
        _cases(users, residents, organisations, stadskantoor, stadhuis)
    _queue_today(stadskantoor, users["frontoffice"])
    return banner


def _cases(
    users: dict[str, User],
    residents: dict[str, Resident],
    orgs: dict[str, Organisation],
    stadskantoor: Location,
    stadhuis: Location,
) -> None:
    front, specialist = users["frontoffice"], users["specialist"]
    topic = {t.code: t for t in Topic.objects.all()}

    contact_services.contact_register(
        user=front,
        channel=Channel.WALK_IN,
        question="Wat kost een nieuwe ID-kaart?",
        answer="Een ID-kaart voor volwassenen kost ongeveer € 80. Afspraak maken via de website.",
        topic=topic["gemeente.paspoort_id"],
        outcome=Contact.Outcome.ANSWERED,
    )
    contact_services.contact_register(
        user=front,
        channel=Channel.PHONE,
        question="Hoe maak ik een afspraak voor mijn rijbewijs?",
        topic=topic["gemeente.rijbewijs"],
        outcome=Contact.Outcome.WEBSITE,
        answer="Uitgelegd hoe online een afspraak te maken.",
    )
    contact_services.contact_register(
        user=front,
        channel=Channel.WALK_IN,
        resident=residents["Piet Hendriks"],
        question="Vraag over een brief van het CJIB",
    )

    # Jan lost his job: WW, registering as a job seeker, and his rent benefit changes.
    jan = residents["Jan de Boer"]
    contact = contact_services.contact_register(
        user=front,
        channel=Channel.WALK_IN,
        resident=jan,
        question="Ik ben ontslagen en weet niet hoe het nu moet met mijn huur en uitkering.",
    )
    hr = contact_services.help_request_open(
        user=front,
        resident=jan,
        contact=contact,
        story="Meneer is vorige week ontslagen na 22 jaar bij dezelfde werkgever. Hij is bang dat hij de huur "
        "niet meer kan betalen en weet niet of hij WW moet aanvragen.",
    )
    contact_services.help_request_take(user=specialist, help_request=hr)
    ww = contact_services.question_add(
        user=specialist,
        help_request=hr,
        organisation=orgs["uwv"],
        topic=topic["uwv.ww"],
        text="WW aanvragen",
    )
    contact_services.question_add(
        user=specialist,
        help_request=hr,
        organisation=orgs["uwv"],
        topic=topic["uwv.werkzoekend"],
        text="Inschrijven als werkzoekende op werk.nl",
    )
    q = contact_services.question_add(
        user=specialist,
        help_request=hr,
        organisation=orgs["toeslagen"],
        topic=topic["toeslagen.wijziging"],
        text="Lager inkomen doorgeven voor huurtoeslag",
    )
    contact_services.question_resolve(
        user=specialist,
        question=q,
        status=Question.Status.ANSWERED,
        resolution="Samen in Mijn toeslagen het nieuwe inkomen doorgegeven.",
    )
    contact_services.help_request_note_add(
        user=specialist, help_request=hr, text="Meneer neemt volgende keer zijn ontslagbrief mee."
    )
    consent = contact_services.help_request_consent_record(
        user=specialist,
        help_request=hr,
        organisation=orgs["uwv"],
        scope="Zijn vraag over de WW en de datum van ontslag",
        purpose="Zodat UWV meneer kan terugbellen over zijn WW-aanvraag",
        given_how=Consent.GivenHow.VERBAL,
    )
    referral = referral_create(
        user=specialist,
        question=ww,
        consent=consent,
        situation="Meneer is vorige week ontslagen na 22 jaar. Hij heeft nog geen WW aangevraagd "
        "en maakt zich zorgen over de huur.",
        request="Wilt u meneer terugbellen en helpen met de WW-aanvraag?",
        documents="Ontslagbrief, laatste loonstroken",
        reachable="06-00000001, op werkdagen na 10 uur",
    )
    referral_act(user=specialist, referral=referral, action="send")
    spreekuur = BookableService.objects.get(
        service__location=stadskantoor, service__name="Spreekuur UWV"
    )
    free = free_slots(spreekuur, days=14)
    if free:
        appointment_book(
            user=specialist,
            booking=spreekuur,
            starts_at=free[0].starts_at,
            name=jan.name,
            phone=jan.phone,
            resident=jan,
            help_request=hr,
        )
    contact_services.help_request_follow_up(
        user=specialist,
        help_request=hr,
        at=timezone.now() + dt.timedelta(days=2),
        note="Nagaan of de WW-aanvraag is ingediend",
    )
    lesson_suggest(
        user=specialist,
        topic=topic["duo.studieschuld"],
        text="DUO kan via de professionallijn de aflossing direct pauzeren als iemand een "
        "inkomensdaling kan aantonen met een recente loonstrook of uitkeringsbrief.",
    )

    # Aisha: a new help request still waiting for a specialist.
    aisha = residents["Aisha Haddou"]
    walk_in = contact_services.contact_register(
        user=front,
        channel=Channel.WALK_IN,
        resident=aisha,
        location=stadskantoor,
        question="Ik ga scheiden en weet niet waar ik recht op heb.",
    )
    hr2 = contact_services.help_request_open(
        user=front,
        resident=aisha,
        location=stadskantoor,
        contact=walk_in,
        story="Mevrouw gaat scheiden, heeft twee kinderen en een studieschuld. Ze wil weten waar ze recht op heeft.",
    )
    contact_services.question_add(
        user=front,
        help_request=hr2,
        organisation=orgs["duo"],
        topic=topic["duo.studieschuld"],
        text="Kan de aflossing omlaag na de scheiding?",
    )

    # A closed one for Piet: his AOW question was answered.
    piet = residents["Piet Hendriks"]
    hr3 = contact_services.help_request_open(
        user=front,
        resident=piet,
        story="Meneer wordt binnenkort 67 en weet niet wanneer zijn AOW ingaat.",
    )
    contact_services.help_request_take(user=specialist, help_request=hr3)
    q3 = contact_services.question_add(
        user=specialist,
        help_request=hr3,
        organisation=orgs["svb"],
        topic=topic["svb.aow"],
        text="Wanneer gaat de AOW in?",
    )
    contact_services.question_resolve(
        user=specialist,
        question=q3,
        status=Question.Status.ANSWERED,
        resolution="Via de professionallijn van de SVB nagevraagd.",
    )
    contact_services.help_request_close(
        user=specialist, help_request=hr3, note="Meneer is geholpen."
    )

    # Amersfoort: a case Utrecht's staff must never see.
    eva = residents["Eva Kramer"]
    sem = users["specialist-amersfoort"]
    hr4 = contact_services.help_request_open(
        user=sem,
        resident=eva,
        location=stadhuis,
        story="Mevrouw is ziek en haar contract loopt af.",
    )
    contact_services.question_add(
        user=sem,
        help_request=hr4,
        organisation=orgs["uwv"],
        topic=topic["uwv.ziektewet"],
        text="Ziektewet na einde contract",
    )
