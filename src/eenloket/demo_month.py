"""A realistic month behind the demo, so the insights pages show something worth looking at.

For each of the last 30 days (today excepted) that has no history yet, this adds a working day
at the three demo locations: contacts on every channel, help requests with questions to the
agencies and life events, referrals that are accepted, resolved, overdue or returned, feedback,
tickets at the Utrecht counter and knowledge searches. Each day comes from its own fixed seed,
so the same day always looks the same, and days are added again when the demo is restarted
later. History is written directly (it happened in the past; the services stamp "now")."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.appointments.models import Appointment, BookableService
from eenloket.contacts.models import Channel, Contact, HelpRequest, Question
from eenloket.feedback.models import Feedback, FeedbackInvite
from eenloket.knowledge.models import Article, LifeEvent, SearchLog, Topic
from eenloket.organisations.models import Location, Organisation
from eenloket.queue.models import Queue, Ticket
from eenloket.referrals.models import Referral
from eenloket.residents.models import Consent, Resident

DAYS = 30
# Contacts on a working day per demo location.
CONTACTS_PER_DAY = {"utrecht-stadskantoor": 16, "utrecht-overvecht": 7, "amersfoort-stadhuis": 7}
FIRST_NAMES = [
    "Anouk", "Bram", "Chantal", "Daan", "Esra", "Fenna", "Gijs", "Hatice", "Ilse", "Joost",
    "Karim", "Lotte", "Mehmet", "Noor", "Olga", "Pieter", "Rachida", "Sven", "Tamara", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Bakker", "Visser", "Smit", "Meijer", "de Groot", "Mulder", "Bos", "Vos", "Peters",
    "Hendriks", "van Dijk", "Yilmaz", "El Idrissi", "Kaya", "Jansen", "de Wit",
]  # fmt: skip
# Topics people come with most, by code; the rest of the topics are drawn now and then.
COMMON_TOPICS = [
    "toeslagen.huurtoeslag",
    "toeslagen.zorgtoeslag",
    "belastingdienst.aangifte",
    "cjib.betalingsregeling",
    "uwv.ww",
    "svb.aow",
    "gemeente.paspoort_id",
    "gemeente.verhuizing",
]
SEARCH_WORDS = [
    ("huurtoeslag", 0.9),
    ("zorgtoeslag", 0.9),
    ("betalingsregeling cjib", 0.8),
    ("aow aanvragen", 0.8),
    ("paspoort kwijt", 0.9),
    ("kwijtschelding gemeentelijke belastingen", 0.0),
    ("energietoeslag", 0.1),
    ("voedselbank", 0.0),
    ("ww aanvragen", 0.8),
    ("toeslag terugbetalen", 0.5),
]


def _weighted(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _stamp(objects: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Restore the past timestamps that bulk_create replaced with now (auto_now_add)."""
    if objects:
        type(objects[0]).objects.bulk_update(objects, list(fields))  # type: ignore[attr-defined]


def _residents(municipality: Organisation, user: User, count: int) -> list[Resident]:
    existing = list(Resident.objects.filter(municipality=municipality, name__endswith="(demo)"))
    if len(existing) >= count:
        return existing
    rng = random.Random(municipality.code)  # noqa: S311 - demo data, not security
    made = Resident.objects.bulk_create(
        Resident(
            municipality=municipality,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} (demo)",
            phone=f"06-1{n:07d}",
            created_by=user,
        )
        for n in range(len(existing), count)
    )
    return existing + made


def load_month(*, today: dt.date | None = None) -> int:
    """Add the missing past days; returns how many days were added."""
    today = today or timezone.localdate()
    zone = ZoneInfo(settings.TIME_ZONE)
    front = User.objects.get(username="frontoffice")
    specialist = User.objects.get(username="specialist")
    locations = {
        loc.slug: loc
        for loc in Location.objects.filter(slug__in=CONTACTS_PER_DAY).select_related("municipality")
    }
    counter = Queue.objects.get(
        location=locations["utrecht-stadskantoor"], kind=Queue.Kind.FRONT_OFFICE
    )
    world = {
        "front": front,
        "specialist": specialist,
        "locations": locations,
        "counter": counter,
        "bookings": list(
            BookableService.objects.filter(service__location=locations["utrecht-stadskantoor"])
            .select_related("service__location")
            .order_by("pk")
        ),
        "topics": {t.code: t for t in Topic.objects.all()},
        "articles": list(Article.objects.filter(status=Article.Status.PUBLISHED)),
        "life_events": list(LifeEvent.objects.all()),
        "agencies": list(Organisation.objects.filter(kind=Organisation.Kind.AGENCY)),
        "residents": {
            loc.municipality_id: _residents(loc.municipality, front, 150)
            for loc in locations.values()
        },
        "zone": zone,
    }
    added = 0
    for back in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        if day.weekday() >= 5:
            continue
        start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
        if Contact.objects.filter(
            location=locations["utrecht-stadskantoor"],
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        ).exists():
            continue
        with transaction.atomic():
            _day(day, world)
        added += 1
    return added


def _day(day: dt.date, world: dict[str, Any]) -> None:
    rng = random.Random(day.toordinal())  # noqa: S311 - demo data, not security
    zone = world["zone"]
    topics: dict[str, Topic] = world["topics"]
    common = [topics[code] for code in COMMON_TOPICS if code in topics]
    now = timezone.now()

    def moment(hour_from: int = 9, hour_to: int = 17) -> dt.datetime:
        minutes = rng.randrange((hour_to - hour_from) * 60)
        return dt.datetime.combine(day, dt.time(hour_from), tzinfo=zone) + dt.timedelta(
            minutes=minutes
        )

    contacts: list[Contact] = []
    moments: list[dt.datetime] = []
    for slug, per_day in CONTACTS_PER_DAY.items():
        location = world["locations"][slug]
        residents = world["residents"][location.municipality_id]
        for _ in range(per_day + rng.randint(-2, 3)):
            at = moment()
            resident = rng.choice(residents) if rng.random() < 0.6 else None
            topic = rng.choice(common) if rng.random() < 0.75 else rng.choice(list(topics.values()))
            outcome = _weighted(
                rng,
                [
                    (Contact.Outcome.ANSWERED, 62),
                    (Contact.Outcome.WEBSITE, 8),
                    (Contact.Outcome.APPOINTMENT, 6),
                    (Contact.Outcome.HANDED_ON, 12 if resident else 0),
                    (Contact.Outcome.OTHER_ORGANISATION, 6),
                    (Contact.Outcome.NOT_ANSWERED, 4),
                ],
            )
            help_request = None
            if outcome == Contact.Outcome.HANDED_ON:
                assert resident is not None
                help_request = _help_request(rng, world, location, resident, at, topic)
            contact = Contact(
                municipality=location.municipality,
                location=location,
                channel=_weighted(
                    rng,
                    [
                        (Channel.WALK_IN, 55),
                        (Channel.PHONE, 30),
                        (Channel.ONLINE, 8),
                        (Channel.EMAIL, 5),
                        (Channel.HOME_VISIT, 2),
                    ],
                ),
                resident=resident,
                question=f"Vraag over {topic.name.lower()}",
                answer="Uitgelegd en samen bekeken." if outcome else "",
                topic=topic,
                outcome=outcome,
                article=rng.choice(world["articles"]) if rng.random() < 0.5 else None,
                closed_at=at + dt.timedelta(minutes=rng.randint(4, 25)),
                help_request=help_request,
                created_by=world["front"],
            )
            contacts.append(contact)
            moments.append(at)
    Contact.objects.bulk_create(contacts)
    for contact, at in zip(contacts, moments, strict=True):
        contact.created_at = contact.updated_at = at
    _stamp(contacts, ["created_at", "updated_at"])
    _feedback(rng, contacts)
    _tickets(rng, world, day, moment)
    _appointments(rng, world, day, zone)
    _searches(rng, world, moment, now)


def _help_request(
    rng: random.Random,
    world: dict[str, Any],
    location: Location,
    resident: Resident,
    at: dt.datetime,
    topic: Topic,
) -> HelpRequest:
    now = timezone.now()
    days_open = rng.randint(2, 20)
    closed_at = at + dt.timedelta(days=days_open, hours=rng.randint(0, 6))
    closed = closed_at < now and rng.random() < 0.75
    status = (
        HelpRequest.Status.CLOSED
        if closed
        else rng.choice([HelpRequest.Status.IN_PROGRESS, HelpRequest.Status.NEW])
    )
    hr = HelpRequest.objects.create(
        municipality=location.municipality,
        location=location,
        resident=resident,
        story=f"De inwoner komt met een vraag over {topic.name.lower()} en meer speelt mee.",
        status=status,
        assigned_to=None if status == HelpRequest.Status.NEW else world["specialist"],
        closed_at=closed_at if closed else None,
        channel=Channel.WALK_IN,
        created_by=world["front"],
    )
    HelpRequest.objects.filter(pk=hr.pk).update(created_at=at, updated_at=at)
    if rng.random() < 0.5:
        hr.life_events.add(rng.choice(world["life_events"]))
    for agency in rng.sample(world["agencies"], rng.choice([1, 1, 2, 3])):
        question = Question.objects.create(
            help_request=hr,
            organisation=agency,
            text=f"Vraag aan {agency.name}",
            status=Question.Status.ANSWERED if closed else Question.Status.REFERRED,
        )
        if rng.random() < 0.7:
            consent = Consent.objects.create(
                resident=resident,
                help_request=hr,
                organisation=agency,
                scope=f"De vraag aan {agency.name}",
                purpose=f"Zodat {agency.name} de inwoner verder kan helpen",
                given_how=Consent.GivenHow.VERBAL,
                given_at=at,
                recorded_by=world["specialist"],
            )
            _referral(rng, world, hr, question, consent, at, closed)
    return hr


def _referral(
    rng: random.Random,
    world: dict[str, Any],
    hr: HelpRequest,
    question: Question,
    consent: Consent,
    at: dt.datetime,
    closed: bool,
) -> None:
    now = timezone.now()
    sent = at + dt.timedelta(hours=rng.randint(1, 30))
    accepted = sent + dt.timedelta(hours=rng.randint(2, 60))
    resolved = accepted + dt.timedelta(days=rng.randint(1, 9))
    status = Referral.Status.SENT
    if accepted < now and rng.random() < 0.9:
        status = Referral.Status.ACCEPTED
        if resolved < now and (closed or rng.random() < 0.5):
            status = Referral.Status.RESOLVED
    referral = Referral.objects.create(
        help_request=hr,
        question=question,
        organisation=question.organisation,
        consent=consent,
        situation=hr.story,
        request=question.text,
        reachable="Telefonisch, overdag",
        due_at=sent + dt.timedelta(days=question.organisation.referral_days or 10),
        status=status,
        sent_at=min(sent, now),
        accepted_at=accepted if status != Referral.Status.SENT else None,
        resolved_at=resolved if status == Referral.Status.RESOLVED else None,
        confirmed_at=resolved + dt.timedelta(days=1)
        if status == Referral.Status.RESOLVED and resolved + dt.timedelta(days=1) < now
        else None,
        return_count=_weighted(rng, [(0, 90), (1, 8), (2, 2)]),
        created_by=world["specialist"],
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=min(sent, now))


def _feedback(rng: random.Random, contacts: list[Contact]) -> None:
    invites, answers = [], []
    for contact in contacts:
        if rng.random() > 0.3:
            continue
        invite = FeedbackInvite(
            subject=FeedbackInvite.Subject.CONTACT,
            contact=contact,
            municipality=contact.municipality,
            location=contact.location,
            channel=contact.channel,
            salt=f"demo{rng.random()}",
            token_hash=f"demo-{contact.pk}",
            expires_at=contact.created_at + dt.timedelta(days=30),
        )
        invites.append(invite)
    FeedbackInvite.objects.bulk_create(invites)
    for invite in invites:
        assert invite.contact is not None
        invite.created_at = invite.contact.created_at
    _stamp(invites, ["created_at"])
    for invite in invites:
        score = _weighted(rng, [(5, 72), (4, 22), (3, 3), (2, 2), (1, 1)])
        feedback = Feedback(
            invite=invite,
            score=score,
            comment=rng.choice(
                ["", "", "", "Fijn geholpen, dank!", "Duidelijke uitleg.", "Lang moeten wachten."]
            )
            if score >= 3
            else "Ik moest steeds opnieuw mijn verhaal doen.",
            via=rng.choice(["link", "tablet"]),
            municipality=invite.municipality,
            location=invite.location,
            channel=invite.channel,
            subject=invite.subject,
        )
        assert invite.contact is not None
        feedback.created_at = invite.contact.created_at + dt.timedelta(minutes=30)
        answers.append(feedback)
    stamps = [feedback.created_at for feedback in answers]
    Feedback.objects.bulk_create(answers)
    for feedback, at in zip(answers, stamps, strict=True):
        feedback.created_at = at
    _stamp(answers, ["created_at"])


def _tickets(rng: random.Random, world: dict[str, Any], day: dt.date, moment: Any) -> None:
    tickets = []
    for number in range(1, rng.randint(14, 22)):
        since = moment(9, 16)
        kept = rng.random() < 0.95
        called = since + dt.timedelta(minutes=rng.choice([1, 2, 3, 4, 5, 6, 8, 9, 12, 15, 22]))
        tickets.append(
            Ticket(
                queue=world["counter"],
                day=day,
                number=number,
                status=Ticket.Status.DONE if kept else Ticket.Status.NO_SHOW,
                waiting_since=since,
                called_at=called if kept else None,
                finished_at=called + dt.timedelta(minutes=8) if kept else None,
            )
        )
    Ticket.objects.bulk_create(tickets)
    for ticket in tickets:
        ticket.issued_at = ticket.waiting_since
    _stamp(tickets, ["issued_at"])


def _appointments(rng: random.Random, world: dict[str, Any], day: dt.date, zone: Any) -> None:
    """Yesterday's appointments at the Utrecht counter: most kept, a few not."""
    made = []
    for booking in world["bookings"]:
        for hour in rng.sample(range(9, 17), rng.randint(2, 5)):
            starts = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
            status = _weighted(
                rng,
                [
                    (Appointment.Status.DONE, 85),
                    (Appointment.Status.NO_SHOW, 8),
                    (Appointment.Status.CANCELLED, 7),
                ],
            )
            made.append(
                Appointment(
                    booking=booking,
                    location=booking.service.location,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=booking.duration_minutes),
                    status=status,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    token_hash=f"demo-{booking.pk}-{starts:%Y%m%d%H}",
                    token_expires_at=starts,
                )
            )
    Appointment.objects.bulk_create(made)
    for appointment in made:
        appointment.created_at = appointment.starts_at - dt.timedelta(days=rng.randint(1, 14))
    _stamp(made, ["created_at"])


def _searches(rng: random.Random, world: dict[str, Any], moment: Any, now: dt.datetime) -> None:
    logs = []
    for location in world["locations"].values():
        for _ in range(rng.randint(3, 8)):
            words, found = rng.choice(SEARCH_WORDS)
            at = moment()
            logs.append(
                SearchLog(
                    organisation=location.municipality,
                    user=world["front"],
                    terms=words,
                    results=0 if found == 0.0 else rng.randint(1, 8),
                    opened=rng.choice(world["articles"]) if rng.random() < found else None,
                    created_at=at,
                    updated_at=at,
                )
            )
    SearchLog.objects.bulk_create(logs)
