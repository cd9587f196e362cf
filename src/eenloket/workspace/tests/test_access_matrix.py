"""Every route of the project against the access matrix (`access_matrix.py` next to this file).

The route × account tests are many, so the demo world is loaded once for this module, inside a
transaction that is rolled back when the module is done; each test runs in a savepoint of it
(pytest-django's own per-test transaction) and so still starts from the same world. For the same
reason the tests log their accounts in themselves instead of through the function-scoped
`client_for` fixture, which would load the demo again for every test.
"""

from __future__ import annotations

import datetime as dt
import html
import inspect
import json
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from eenloket import demo_accounts
from eenloket.accounts.models import User
from eenloket.appointments.models import Appointment, BookableService
from eenloket.appointments.services import appointment_book
from eenloket.appointments.slots import free_slots
from eenloket.audit.models import AccessLogEntry
from eenloket.contacts.models import Channel, Contact, HelpRequest, Question, TimelineEvent
from eenloket.contacts.services import contact_register
from eenloket.demo import ACCOUNTS, load_demo
from eenloket.feedback.services import invite_for, invite_url
from eenloket.knowledge.models import Article
from eenloket.organisations.models import Location, Organisation, ProfessionalLine
from eenloket.portal.services import online_request_submit
from eenloket.queue.models import Queue, Ticket
from eenloket.referrals.models import LineCall, Referral, ReferralEvent
from eenloket.referrals.services import (
    agency_key_create,
    line_call_log,
    referral_act,
    referral_create,
)
from eenloket.residents.models import Consent, Resident
from eenloket.residents.services import consent_record
from eenloket.workspace.tests.access_matrix import (
    ADMIN_PREFIX,
    ADMIN_SITE,
    AGENCY_KEY,
    MUNICIPALITY,
    ORGANISATION,
    ROUTES,
    SCOPES,
    TOKEN,
    Marker,
    Rule,
    route_key,
)
from eenloket.workspace.tests.test_access import _ids

ACCOUNT_NAMES = list(demo_accounts.USERNAMES)
# Every demo account, and None for an anonymous visitor.
CALLERS: list[str | None] = [*ACCOUNT_NAMES, None]
# username → (role code, organisation code or None), straight from the demo's account list.
ACCOUNT_SCOPE: dict[str, tuple[str, str | None]] = {
    username: (str(role), org_code or None)
    for username, _first, _last, role, org_code, _location in ACCOUNTS
}

UTRECHT = "gemeente-utrecht"
AMERSFOORT = "gemeente-amersfoort"
LOGIN_PATH = "/login/"
ADMIN_LOGIN_PATH = "/admin/login/"
UNKNOWN_ID = 999999


@dataclass(frozen=True)
class Owner:
    """Whose row a sample placeholder names: the municipality, and the agency it is sent to."""

    municipality: str
    organisation: str | None = None


# The rows behind the placeholders; placeholders not listed here (articles, triage rules, link
# tokens) name no row of a municipality or agency.
OWNERS: dict[str, Owner] = {
    "jan": Owner(UTRECHT),
    "hr_jan": Owner(UTRECHT),
    "hr_piet": Owner(UTRECHT),
    "contact_jan": Owner(UTRECHT),
    "appointment_jan": Owner(UTRECHT),
    "call_jan": Owner(UTRECHT),
    "booking": Owner(UTRECHT),
    "referral_jan": Owner(UTRECHT, "uwv"),
    "referral_draft": Owner(UTRECHT),  # to UWV, but a draft: not addressed to anyone yet
    "eva": Owner(AMERSFOORT),
    "hr_eva": Owner(AMERSFOORT),
    "contact_eva": Owner(AMERSFOORT),
    "appointment_eva": Owner(AMERSFOORT),
    "referral_eva": Owner(AMERSFOORT, "uwv"),
}


# --- the world ------------------------------------------------------------------------------


def _token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _more_of_the_world() -> dict[str, Any]:
    """What the demo lacks for the matrix: Amersfoort rows of every kind, a draft referral,
    a promised callback, and one valid link token of each kind."""
    users = {u.username: u for u in User.objects.filter(username__in=ACCOUNT_NAMES)}
    specialist, amersfoort = users["specialist"], users["specialist-amersfoort"]
    uwv = Organisation.objects.get(code="uwv")
    stadhuis = Location.objects.get(slug="amersfoort-stadhuis")
    stadskantoor = Location.objects.get(slug="utrecht-stadskantoor")
    hr_jan = HelpRequest.objects.get(resident__name="Jan de Boer")
    hr_eva = HelpRequest.objects.get(resident__name="Eva Kramer")
    eva = hr_eva.resident

    contact_eva = contact_register(
        user=amersfoort,
        channel=Channel.WALK_IN,
        question="Vraag over de Ziektewet",
        resident=eva,
        location=stadhuis,
    )
    consent = consent_record(
        user=amersfoort,
        resident=eva,
        help_request=hr_eva,
        organisation=uwv,
        scope="Haar vraag over de Ziektewet",
        purpose="Zodat UWV mevrouw kan terugbellen",
        given_how=Consent.GivenHow.VERBAL,
    )
    referral_eva = referral_create(
        user=amersfoort,
        question=hr_eva.questions.get(organisation=uwv),
        consent=consent,
        situation="Mevrouw is ziek en haar contract loopt af.",
        request="Wilt u mevrouw terugbellen?",
        reachable="Op werkdagen",
    )
    referral_act(user=amersfoort, referral=referral_eva, action="send")
    booking_eva = BookableService.objects.filter(is_active=True, service__location=stadhuis).first()
    assert booking_eva is not None
    appointment_eva, appointment_token = appointment_book(
        user=amersfoort,
        booking=booking_eva,
        starts_at=free_slots(booking_eva, days=14)[0].starts_at,
        name=eva.name,
        resident=eva,
        help_request=hr_eva,
    )

    # A referral of Jan's second UWV question, saved as a draft: not addressed to UWV yet.
    draft = referral_create(
        user=specialist,
        question=hr_jan.questions.get(topic__code="uwv.werkzoekend"),
        consent=Consent.objects.get(resident=hr_jan.resident, organisation=uwv),
        situation="Meneer is ontslagen.",
        request="Inschrijven als werkzoekende.",
        reachable="Op werkdagen",
    )
    call = line_call_log(
        user=specialist,
        help_request=hr_jan,
        line=ProfessionalLine.objects.get(organisation=uwv),
        outcome=LineCall.Outcome.CALLBACK,
        callback_due=timezone.now() + dt.timedelta(days=1),
    )
    _online, follow_token = online_request_submit(
        location=stadskantoor,
        kind="question",
        about="Een vraag over mijn paspoort",
        name="Test Inwoner",
        reach_by="email",
        email="inwoner@example.org",
        sender="192.0.2.10",
    )
    booking = BookableService.objects.filter(is_active=True, service__location=stadskantoor).first()
    assert booking is not None
    return {
        "contact_eva": contact_eva.pk,
        "referral_eva": referral_eva.pk,
        "appointment_eva": appointment_eva.pk,
        "referral_draft": draft.pk,
        "booking": booking.pk,
        "call_jan": call.pk,
        "appointment_token": appointment_token,
        "feedback_token": _token_of(invite_url(invite_for(help_request=hr_jan))),
        "follow_token": follow_token,
    }


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[dict[str, Any]]:
    """The demo world and the sample placeholders, once for the module (rolled back after)."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            load_demo()
            values: dict[str, Any] = {**_ids(), **_more_of_the_world()}
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield values
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _client(username: str | None) -> Client:
    """A fresh client (the feedback tablet turns a session into a kiosk), logged in or not."""
    client = Client()
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


# --- the walk -------------------------------------------------------------------------------


def _ninja_operations(view: Any) -> list[Any]:
    """The operations behind a django-ninja path view (one view serves all methods of a path)."""
    if not inspect.isfunction(view):
        return []
    path_view = inspect.getclosurevars(view).nonlocals.get("self")
    return list(getattr(path_view, "operations", []))


def walked_routes() -> set[str]:
    """Every route as a ROUTES key: the admin as its prefix; an API path with several
    operations once per operation (the GET one bare, the others with their methods)."""
    keys: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route == ADMIN_PREFIX:
                    keys.add(ADMIN_PREFIX)
                else:
                    walk(entry.url_patterns, route)
                continue
            operations = _ninja_operations(entry.callback)
            if len(operations) < 2:
                keys.add(route)
                continue
            for operation in operations:
                methods = [str(m).upper() for m in operation.methods]
                keys.add(route_key(route, None if "GET" in methods else methods))

    walk(get_resolver().url_patterns, "")
    return keys


def test_every_route_is_in_the_matrix() -> None:
    walked = walked_routes()
    missing = sorted(walked - ROUTES.keys())
    stale = sorted(ROUTES.keys() - walked)
    assert not missing and not stale, (
        f"Routes missing from ROUTES: {missing}; entries in ROUTES without a route: {stale}"
    )


def test_rules_are_well_formed() -> None:
    placeholders = {*OWNERS, "article", "rule", "appointment_token", "feedback_token"}
    placeholders.add("follow_token")
    for key, rule in ROUTES.items():
        assert rule.scope in SCOPES, key
        assert rule.methods and set(rule.methods) <= {"GET", "POST"}, key
        if rule.sample is not None:
            assert rule.sample.startswith("/"), key
            assert set(_placeholders(rule.sample)) <= placeholders, key


# --- expectations ---------------------------------------------------------------------------


def _placeholders(template: str) -> list[str]:
    return [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]


def _in_scope(rule: Rule, username: str | None, sample: str) -> bool:
    """Does the row the sample names (if any) lie inside the caller's scope under this rule?"""
    owners = [OWNERS[name] for name in _placeholders(sample) if name in OWNERS]
    if rule.scope not in (MUNICIPALITY, ORGANISATION) or not owners:
        return True
    organisation = ACCOUNT_SCOPE[username][1] if username else None
    for owner in owners:
        reachable = {owner.municipality}
        if rule.scope == ORGANISATION and owner.organisation:
            reachable.add(owner.organisation)
        if organisation not in reachable:
            return False
    return True


def _redirect_path(response: HttpResponseBase) -> str | None:
    if response.status_code not in (301, 302, 303, 307, 308):
        return None
    return urlsplit(response["Location"]).path


def _check(
    key: str, rule: Rule, username: str | None, response: HttpResponseBase, url: str
) -> None:
    """Assert the answer the matrix predicts for this caller."""
    role = ACCOUNT_SCOPE[username][0] if username else None
    status, redirect = response.status_code, _redirect_path(response)
    who = username or "anonymous"
    seen = f"{who} GET {url} answered {status}" + (f" → {redirect}" if redirect else "")
    api = key.startswith("api/")
    if not rule.allows(role):
        if api:
            assert status in (401, 403), f"{seen}; expected 401 or 403 (not allowed)"
        elif rule.who is ADMIN_SITE:
            assert redirect == ADMIN_LOGIN_PATH, f"{seen}; expected the admin's login"
        elif username is None:
            assert redirect == LOGIN_PATH, f"{seen}; expected a redirect to {LOGIN_PATH}"
        else:
            assert status == 403, f"{seen}; expected 403 (role not allowed)"
        return
    assert status not in (401, 403), f"{seen}; the role is allowed"
    assert redirect not in (LOGIN_PATH, ADMIN_LOGIN_PATH), f"{seen}; the caller is allowed"
    if _in_scope(rule, username, rule.sample or ""):
        assert status < 400, f"{seen}; expected an answer (the row is in scope)"
    else:
        assert status == 404, f"{seen}; expected 404 (the row is outside the scope)"


def _get_cases() -> list[Any]:
    return [
        pytest.param(key, username, id=f"{key or '/'} | {username or 'anonymous'}")
        for key, rule in ROUTES.items()
        if rule.sample is not None and "GET" in rule.methods
        for username in CALLERS
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "username"), _get_cases())
def test_route_answers_each_role_by_the_matrix(
    world: dict[str, Any], key: str, username: str | None
) -> None:
    rule = ROUTES[key]
    assert rule.sample is not None
    url = rule.sample.format(**world)
    _check(key, rule, username, _client(username).get(url), url)


# --- forbidden POST actions change nothing --------------------------------------------------


def _snapshot() -> dict[str, Any]:
    """Counts of the key tables and the state of the rows an action could change."""
    counted = (
        Contact,
        HelpRequest,
        Question,
        TimelineEvent,
        Referral,
        ReferralEvent,
        LineCall,
        Appointment,
        Ticket,
        Consent,
        Resident,
        Article,
        AccessLogEntry,
    )
    return {
        "counts": {model.__name__: model.objects.count() for model in counted},
        "help_requests": list(
            HelpRequest.objects.order_by("pk").values_list(
                "pk", "status", "assigned_to_id", "follow_up_at", "updated_at"
            )
        ),
        "referrals": list(Referral.objects.order_by("pk").values_list("pk", "status")),
        "appointments": list(Appointment.objects.order_by("pk").values_list("pk", "status")),
        "articles": list(Article.objects.order_by("pk").values_list("pk", "status", "version")),
        "calls": list(LineCall.objects.order_by("pk").values_list("pk", "callback_done_at")),
        "tickets": list(Ticket.objects.order_by("pk").values_list("pk", "status")),
    }


def _post_cases() -> list[Any]:
    cases = []
    for key, rule in ROUTES.items():
        if not key.startswith("workspace/") or rule.methods != ("POST",):
            continue
        for username in CALLERS:
            role = ACCOUNT_SCOPE[username][0] if username else None
            if not rule.allows(role):
                cases.append(pytest.param(key, username, id=f"{key} | {username or 'anonymous'}"))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "username"), _post_cases())
def test_forbidden_post_actions_answer_403_and_change_nothing(
    world: dict[str, Any], key: str, username: str | None
) -> None:
    rule = ROUTES[key]
    assert rule.sample is not None
    url = rule.sample.format(**world)
    client = _client(username)
    before = _snapshot()
    response = client.post(url, {})
    if username is None:
        assert _redirect_path(response) == LOGIN_PATH, (url, response.status_code)
    else:
        assert response.status_code == 403, (username, url, response.status_code)
    assert _snapshot() == before, f"{username or 'anonymous'} POST {url} changed data"


# --- unknown and forbidden ids answer the same ----------------------------------------------

# (route, caller, placeholder in its sample, placeholder of a row outside the caller's scope)
SAME_ANSWER = [
    ("workspace/help-requests/<int:pk>/", "specialist", "hr_jan", "hr_eva"),
    ("workspace/help-requests/<int:pk>/referrals/new/", "specialist", "hr_jan", "hr_eva"),
    ("workspace/contacts/<int:pk>/", "specialist", "contact_jan", "contact_eva"),
    ("workspace/residents/<int:pk>/", "specialist", "jan", "eva"),
    ("workspace/residents/<int:pk>/inzage/", "specialist", "jan", "eva"),
    ("workspace/residents/<int:pk>/export/", "specialist", "jan", "eva"),
    ("workspace/referrals/<int:pk>/", "specialist", "referral_jan", "referral_eva"),
    ("workspace/appointments/<int:pk>/", "specialist", "appointment_jan", "appointment_eva"),
    ("workspace/feedback/card/<str:subject>/<int:pk>/", "specialist", "hr_jan", "hr_eva"),
    ("api/contacts/<contact_id>", "specialist", "contact_jan", "contact_eva"),
    ("api/help-requests/<help_request_id>", "specialist", "hr_jan", "hr_eva"),
    ("api/appointments/<appointment_id>", "specialist", "appointment_jan", "appointment_eva"),
    # The other municipality's counter, the other way round.
    ("workspace/referrals/<int:pk>/", "specialist-amersfoort", "referral_jan", "referral_jan"),
    # A liaison: a referral to their own agency that is still a draft is not theirs to see.
    ("workspace/referrals/<int:pk>/", "liaison-uwv", "referral_jan", "referral_draft"),
]

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _body(response: HttpResponseBase, url: str) -> str:
    assert isinstance(response, HttpResponse)
    return CSRF_INPUT.sub("", response.content.decode().replace(url, "URL"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "username", "placeholder", "foreign"),
    [pytest.param(*case, id=f"{case[0]} | {case[1]} | {case[3]}") for case in SAME_ANSWER],
)
def test_unknown_and_forbidden_ids_answer_the_same(
    world: dict[str, Any], key: str, username: str, placeholder: str, foreign: str
) -> None:
    sample = ROUTES[key].sample
    assert sample is not None
    client = _client(username)
    unknown_url = sample.format(**{**world, placeholder: UNKNOWN_ID})
    forbidden_url = sample.format(**{**world, placeholder: world[foreign]})
    unknown, forbidden = client.get(unknown_url), client.get(forbidden_url)
    assert unknown.status_code == forbidden.status_code == 404, (
        unknown_url,
        unknown.status_code,
        forbidden_url,
        forbidden.status_code,
    )
    # Apart from the CSRF token and the page's own address, the two answers are identical.
    assert _body(unknown, unknown_url) == _body(forbidden, forbidden_url)


# --- the routes the demo accounts cannot show -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", [key for key, rule in ROUTES.items() if rule.who is TOKEN and rule.sample]
)
def test_link_routes_need_a_valid_token(world: dict[str, Any], key: str) -> None:
    """With the link's token the page answers (checked above); with any other, 404."""
    sample = ROUTES[key].sample
    assert sample is not None
    (name,) = _placeholders(sample)
    bogus = "x" * len(world[name])
    assert Client().get(sample.format(**{**world, name: bogus})).status_code == 404


@pytest.mark.django_db
def test_agency_api_serves_the_keys_own_referrals_only(world: dict[str, Any]) -> None:
    """AGENCY_KEY: UWV's key reads the referrals sent to UWV (from any municipality); another
    agency's key, and UWV's own for a draft, get 404 as for an unknown id."""
    _key, uwv_token, _secret = agency_key_create(
        organisation=Organisation.objects.get(code="uwv"), name="matrix test"
    )
    _key, svb_token, _secret = agency_key_create(
        organisation=Organisation.objects.get(code="svb"), name="matrix test"
    )

    def get(url: str, token: str) -> tuple[int, Any]:
        response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.status_code, json.loads(response.content)

    status, listed = get("/api/agency/referrals", uwv_token)
    assert status == 200
    assert {r["id"] for r in listed} == {world["referral_jan"], world["referral_eva"]}
    assert get(f"/api/agency/referrals/{world['referral_jan']}", uwv_token)[0] == 200
    assert get("/api/agency/referrals", svb_token) == (200, [])
    for url, token in (
        (f"/api/agency/referrals/{world['referral_jan']}", svb_token),
        (f"/api/agency/referrals/{world['referral_draft']}", uwv_token),
        (f"/api/agency/referrals/{UNKNOWN_ID}", uwv_token),
    ):
        assert get(url, token)[0] == 404, url


def test_every_marker_is_used() -> None:
    assert {rule.who for rule in ROUTES.values() if isinstance(rule.who, Marker)} == set(Marker)


# --- every read of personal data is logged --------------------------------------------------

# The routes and API operations of ROUTES that show a resident's personal data, with the caller
# who reads them. The URL is the sample, or the one given here when the sample shows nobody
# (the day list of the day of Jan's appointment) or the read is a POST (the resident search).
COUNTER_READER = "specialist"
PERSONAL_DATA_READS: dict[str, tuple[str, str | None]] = {
    "workspace/": (COUNTER_READER, None),
    "workspace/contacts/": (COUNTER_READER, None),
    "workspace/contacts/<int:pk>/": (COUNTER_READER, None),
    "workspace/help-requests/": (COUNTER_READER, None),
    "workspace/help-requests/<int:pk>/": (COUNTER_READER, None),
    "workspace/worklist/": (COUNTER_READER, "/workspace/worklist/?location=all"),
    "workspace/referrals/": (COUNTER_READER, None),
    "workspace/referrals/<int:pk>/": (COUNTER_READER, None),
    "workspace/appointments/": (
        COUNTER_READER,
        "/workspace/appointments/?date={appointment_jan_day}&location=all",
    ),
    "workspace/appointments/<int:pk>/": (COUNTER_READER, None),
    "workspace/queue/": (COUNTER_READER, None),
    "workspace/residents/": (COUNTER_READER, "POST q={jan_name}"),
    "workspace/residents/pick/": (COUNTER_READER, "POST resident_query={jan_name}"),
    "workspace/residents/<int:pk>/": (COUNTER_READER, None),
    "workspace/residents/<int:pk>/inzage/": (COUNTER_READER, None),
    "api/contacts": (COUNTER_READER, None),
    "api/contacts/<contact_id>": (COUNTER_READER, None),
    "api/help-requests": (COUNTER_READER, None),
    "api/help-requests/<help_request_id>": (COUNTER_READER, None),
    "api/appointments/<appointment_id>": (COUNTER_READER, None),
    "api/agency/referrals": (AGENCY_KEY.value, None),
    "api/agency/referrals/<referral_id>": (AGENCY_KEY.value, None),
}
# The liaison's side of the referral pages and its home page.
LIAISON_READS = ["workspace/", "workspace/referrals/", "workspace/referrals/<int:pk>/"]


def _residents_named(text: str) -> set[int]:
    """The residents whose name (or, in JSON, whose id as `resident_id`) the answer shows."""
    shown = {pk for pk, name in Resident.objects.values_list("pk", "name") if name in text}
    shown |= {int(pk) for pk in re.findall(r'"resident_id": (\d+)', text)}
    return shown


def _read(world: dict[str, Any], key: str, caller: str, override: str | None) -> HttpResponse:
    rule = ROUTES[key]
    jan = Resident.objects.get(pk=world["jan"])
    appointment = Appointment.objects.get(pk=world["appointment_jan"])
    values = {
        **world,
        "jan_name": jan.name,
        "appointment_jan_day": timezone.localtime(appointment.starts_at).date().isoformat(),
    }
    url = (override or rule.sample or "").format(**values)
    if key == "workspace/queue/":
        # The demo has nobody waiting today: Jan waits, for a question registered as a contact.
        queue = Queue.objects.filter(location__slug="utrecht-stadskantoor").first()
        assert queue is not None
        Ticket.objects.create(
            queue=queue,
            day=timezone.localdate(),
            number=999,
            name=jan.name,
            waiting_since=timezone.now(),
            contact=Contact.objects.get(pk=world["contact_jan"]),
        )
    if caller == AGENCY_KEY.value:
        _key, token, _secret = agency_key_create(
            organisation=Organisation.objects.get(code="uwv"), name="log test"
        )
        return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")  # type: ignore[return-value]
    client = _client(caller)
    if url.startswith("POST "):
        field, value = url.removeprefix("POST ").split("=", 1)
        return client.post(rule.sample or "", {field: value})  # type: ignore[return-value]
    return client.get(url)  # type: ignore[return-value]


def test_personal_data_reads_are_routes_of_the_matrix() -> None:
    for key in [*PERSONAL_DATA_READS, *LIAISON_READS]:
        assert key in ROUTES, key


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "caller"),
    [
        *((key, caller) for key, (caller, _url) in PERSONAL_DATA_READS.items()),
        *((key, "liaison-uwv") for key in LIAISON_READS),
    ],
)
def test_every_read_of_personal_data_logs_each_resident_shown(
    world: dict[str, Any], key: str, caller: str
) -> None:
    """One access-log line per resident the answer shows, all under one audit record (one
    insert per request); an agency's system is named on that record, as it has no account."""
    override = PERSONAL_DATA_READS[key][1] if caller == PERSONAL_DATA_READS[key][0] else None
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _read(world, key, caller, override)
    assert response.status_code == 200, f"{key} as {caller}: {response.status_code}"
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        body = json.dumps(json.loads(body), ensure_ascii=False)
    else:
        body = html.unescape(body)
    shown = _residents_named(body)
    if key == "workspace/" and caller == "liaison-uwv":
        # The liaison's home names nobody but shows the open referrals' questions: a resident's.
        shown = set(
            Referral.objects.filter(organisation__code="uwv", status__in=Referral.OPEN)
            .exclude(status=Referral.Status.DRAFT)
            .values_list("help_request__resident_id", flat=True)
        )
    assert shown, f"{key} as {caller} shows no resident: the walk would prove nothing"
    lines = list(AccessLogEntry.objects.filter(pk__gt=before).select_related("audit"))
    assert {line.resident_id for line in lines} >= shown, f"{key}: residents shown, not logged"
    audits = {line.audit_id for line in lines}
    assert len(audits) == 1, f"{key}: {len(audits)} audit records for one request"
    assert len(lines) == len({line.resident_id for line in lines}), f"{key}: a resident twice"
    assert len(lines) == len(shown), f"{key}: {len(lines)} lines for {len(shown)} residents"
    audit = lines[0].audit
    if caller == AGENCY_KEY.value:
        assert audit.user_id is None
        assert audit.agent == Organisation.objects.get(code="uwv").name
    else:
        assert audit.user is not None and audit.user.username == caller
