"""A catalogue of hostile values, sent to every page and every API operation: never a server error.

The pages are the routes of the access matrix (`workspace/tests/access_matrix.py`), opened as an
account the matrix lets in. Each hostile value goes into each query parameter the page's view
module reads (`request.GET`) and each field of each form the page shows (posted with the form's
other fields filled as a person would). Each API operation of the OpenAPI document gets the values
in its query and path parameters and in every property of its JSON body, plus wrong JSON types,
broken JSON and odd content types.

Every answer must be below 500; a NUL answers 400 everywhere (`common.middleware`). One test per
route, in the matrix's shared world (loaded once for the module)."""

from __future__ import annotations

import importlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.api import api
from eenloket.appointments.models import Appointment
from eenloket.organisations.models import Organisation
from eenloket.referrals.services import agency_key_create, signature_for
from eenloket.workspace.tests import test_access_matrix
from eenloket.workspace.tests.access_matrix import ADMIN_PREFIX, ROUTES, Rule
from eenloket.workspace.tests.test_access_matrix import ACCOUNT_SCOPE, CALLERS, _in_scope

# The matrix's world: the demo and the sample placeholders, loaded once for the module.
world = test_access_matrix.world

# Values as they travel in a URL or a form body (already percent-encoded), with a name.
HOSTILE: dict[str, str] = {
    "nul": quote("a\x00b"),
    "invalid-utf8": "%C3%28%FF",
    "year-1": "0001-01-01",
    "year-9999": "9999-12-31",
    "end-of-time": quote("9999-12-31T23:59:59+00:00"),
    "impossible": quote("2026-02-30T24:00:00+25:00"),
    "no-zone": quote("2026-03-02T09:30:00"),
    "huge-number": "253402300800" + "9" * 20,
    "negative": "-1",
    "long": "x" * 20_000,
}
# The same ideas as JSON values, plus the wrong types.
HOSTILE_JSON: dict[str, Any] = {
    "nul": "a\x00b",
    "year-1": "0001-01-01T00:00:00+00:00",
    "year-9999": "9999-12-31T23:59:59+00:00",
    "impossible": "2026-02-30T24:00:00+25:00",
    "no-zone": "2026-03-02T09:30:00",
    "huge-number": 10**40,
    "negative": -1,
    "float": 1e308,
    "long": "x" * 20_000,
    "null": None,
    "list": [1, "a"],
    "object": {"a": 1},
    "bool": True,
}
# Bodies that are no JSON object at all, each with its content type.
ODD_BODIES: dict[str, tuple[bytes, str]] = {
    "broken-json": (b'{"a": ', "application/json"),
    "array": (b"[1, 2]", "application/json"),
    "invalid-utf8": (b'{"a": "\xff\xfe"}', "application/json"),
    "escaped-nul": (b'{"a": "\\u0000"}', "application/json"),
    "text": (b"hello", "text/plain"),
    "form": (b"a=1&b=2", "application/x-www-form-urlencoded"),
    "xml": (b"<a>1</a>", "application/xml"),
    "empty": (b"", "application/json"),
}

# Forms whose fields are filled by the browser from a picker: a plausible value each.
FILL_BY_TYPE = {
    "email": "test@example.org",
    "date": "2026-03-02",
    "datetime-local": "2026-03-02T09:30",
    "number": "1",
    "tel": "0612345678",
    "password": "secret",
}
FILL_BY_NAME = {"phone": "0612345678", "email": "test@example.org"}
SKIPPED_ACTIONS = ("/logout/", "/i18n/setlang/")


# --- reading the pages --------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The POST forms of a page: their action and their fields' default values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower()}
            self._form["fields"] = {}
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            return
        name, fields = a["name"], self._form["fields"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a or name not in fields:
                    fields[name] = a.get("value", "on")
            elif a.get("tabindex") == "-1":
                fields[name] = a.get("value", "")  # a honeypot: people leave it empty
            elif kind not in ("submit", "button", "file"):
                fill = FILL_BY_NAME.get(name) or FILL_BY_TYPE.get(kind, "Test")
                fields[name] = a.get("value") or fill
        elif tag == "select":
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select:
            if not self._form["fields"][self._select] or "selected" in a:
                self._form["fields"][self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            fields[name] = "Test"
        if tag == "button" and a.get("value"):
            fields.setdefault(name, a["value"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _forms(html: str, page: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    found = []
    for form in parser.forms:
        action = form["action"] or page
        if form["method"] != "post" or not action.startswith("/"):
            continue
        if action.startswith(SKIPPED_ACTIONS):
            continue
        fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
        found.append({"action": action, "fields": fields})
    return found


QUERY_READ = re.compile(r"""request\.GET(?:\.get\(|\[|\.getlist\()\s*["'](\w+)["']""")


def _query_parameters(url: str, html: str) -> set[str]:
    """The query parameters the page's view module reads, the sample's own, and those of the
    page's GET forms."""
    path = urlsplit(url).path
    view = resolve(path).func
    module = importlib.import_module(getattr(view, "__module__", ""))
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    names = set(QUERY_READ.findall(source))
    names |= {part.split("=")[0] for part in urlsplit(url).query.split("&") if part}
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "get":
            names |= set(form["fields"])
    return names


def _caller(rule: Rule) -> str | None:
    """The first account (or the anonymous visitor) the matrix lets in, with the row in scope."""
    for username in CALLERS:
        role = ACCOUNT_SCOPE[username][0] if username else None
        if rule.allows(role) and _in_scope(rule, username, rule.sample or ""):
            return username
    raise AssertionError(f"nobody may open {rule.sample}")


def _client(username: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


def _encode(fields: dict[str, str]) -> str:
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in fields.items())


def _with(url: str, name: str, raw: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{quote(name)}={raw}"


def _page_cases() -> list[Any]:
    return [
        pytest.param(key, id=key or "/")
        for key, rule in ROUTES.items()
        if rule.sample and "GET" in rule.methods and not key.startswith(("api/", ADMIN_PREFIX))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("key", _page_cases())
def test_no_page_fails_on_hostile_input(world: dict[str, Any], key: str) -> None:
    rule = ROUTES[key]
    assert rule.sample is not None
    url = rule.sample.format(**world)
    client = _client(_caller(rule))
    page = client.get(url)
    assert page.status_code < 500, (url, page.status_code)
    html = page.content.decode() if page.get("Content-Type", "").startswith("text/html") else ""
    failures = []
    for name in sorted(_query_parameters(url, html)):
        for value_name, raw in HOSTILE.items():
            status = client.get(_with(url, name, raw)).status_code
            if status >= 500:
                failures.append(f"GET {url} ?{name}= {value_name}: {status}")
    for form in _forms(html, urlsplit(url).path):
        for field in form["fields"]:
            for value_name, raw in HOSTILE.items():
                others = {k: v for k, v in form["fields"].items() if k != field}
                body = f"{_encode(others)}&{quote(field)}={raw}".lstrip("&")
                response = client.post(
                    form["action"], body, content_type="application/x-www-form-urlencoded"
                )
                if response.status_code >= 500:
                    failures.append(
                        f"POST {form['action']} {field}= {value_name}: {response.status_code}"
                    )
    assert not failures, "\n".join(failures)


# --- the API ------------------------------------------------------------------------------------


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = api.get_openapi_schema()
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def _resolve_schema(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    return api.get_openapi_schema()["components"]["schemas"][ref.rsplit("/", 1)[-1]]  # type: ignore[no-any-return]


def _matrix_sample(method: str, path: str) -> str:
    pattern = re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/"))
    rule = ROUTES.get(f"{pattern} [{method}]") or ROUTES[pattern]
    assert rule.sample is not None, path
    return rule.sample


def _baseline(world: dict[str, Any], body_schema: dict[str, Any]) -> dict[str, Any]:
    """A body a client could well send: ids from the demo world, a time in the future."""
    known = {
        "booking_id": world["booking"],
        "help_request_id": world["hr_jan"],
        "resident_id": world["jan"],
        "starts_at": "2026-03-02T09:30:00+01:00",
        "appointment_at": "2026-03-02T09:30:00+01:00",
        "channel": "walk_in",
        "status": "cancelled",
        "action": "accept",
    }
    body: dict[str, Any] = {}
    for name, spec in body_schema.get("properties", {}).items():
        if name in known:
            body[name] = known[name]
        elif spec.get("type") == "integer":
            body[name] = 1
        elif spec.get("type") == "object":
            body[name] = {}
        elif spec.get("type") == "array":
            body[name] = []
        else:
            body[name] = "Test"
    return body


def _api_cases() -> list[Any]:
    return [
        pytest.param(method, path, id=f"{method} {path}") for method, path, _op in _operations()
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), _api_cases())
def test_no_api_operation_fails_on_hostile_input(
    world: dict[str, Any], method: str, path: str
) -> None:
    operation = next(op for m, p, op in _operations() if (m, p) == (method, path))
    sample = _matrix_sample(method, path)
    url = sample.format(**world)
    agency = path.startswith("/api/agency/")
    if agency:
        _key, token, secret = agency_key_create(
            organisation=Organisation.objects.get(code="uwv"), name="hostile"
        )
    else:
        from eenloket.accounts.services import api_token_create

        _token, token = api_token_create(user=User.objects.get(username="specialist"), name="x")
        secret = ""
    client = Client(raise_request_exception=False)

    def send(target: str, body: bytes | None = None, content_type: str = "") -> int:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if method == "GET":
            return client.get(target, **headers).status_code  # type: ignore[arg-type]
        data = body if body is not None else b"{}"
        if agency:
            stamp = str(int(timezone.now().timestamp()))
            headers["HTTP_X_EENLOKET_TIMESTAMP"] = stamp
            headers["HTTP_X_EENLOKET_SIGNATURE"] = signature_for(secret, stamp, data)
        return client.post(  # type: ignore[arg-type]
            target, data, content_type=content_type or "application/json", **headers
        ).status_code

    failures = []
    for parameter in operation.get("parameters", []):
        for value_name, raw in HOSTILE.items():
            if parameter["in"] == "query":
                target = _with(url, parameter["name"], raw)
            else:
                holder = "{" + _placeholder(sample) + "}"
                target = urlsplit(sample.replace(holder, raw).format(**world)).path
            status = send(target)
            if status >= 500:
                failures.append(f"{method} {target[:120]} {value_name}: {status}")
    if agency and method == "POST":
        # A timestamp far beyond any calendar, correctly signed.
        body = b"{}"
        stamp = "253402300800"
        status = client.post(
            url,
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_X_EENLOKET_TIMESTAMP=stamp,
            HTTP_X_EENLOKET_SIGNATURE=signature_for(secret, stamp, body),
        ).status_code
        assert status < 500, f"timestamp {stamp}: {status}"
    body_spec = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body_spec:
        schema = _resolve_schema(body_spec["schema"])
        base = _baseline(world, schema)
        for name in base:
            for value_name, value in HOSTILE_JSON.items():
                data = json.dumps({**base, name: value}).encode()
                status = send(url, data)
                if status >= 500:
                    failures.append(f"{method} {url} {name}: {value_name}: {status}")
        for value_name, (data, content_type) in ODD_BODIES.items():
            status = send(url, data, content_type)
            if status >= 500:
                failures.append(f"{method} {url} body {value_name}: {status}")
    assert not failures, "\n".join(failures)


def _placeholder(sample: str) -> str:
    found = re.findall(r"\{(\w+)\}", sample)
    return found[0] if found else ""


# --- the cases first reported, one by one ---------------------------------------------------------


@pytest.mark.django_db
def test_a_nul_answers_400_with_a_message(world: dict[str, Any]) -> None:
    for url in ("/vraag/?loket=a%00b", "/afspraak-maken/?loket=a%00b"):
        response = Client().get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.content.decode()
    specialist = _client("specialist")
    response = specialist.post(
        "/api/contacts", '{"channel": "walk_in", "question": "a\\u0000b"}', "application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"
    assert response.json()["message"].startswith("Het verzoek bevat een nulteken")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "starts_at", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "2026-03-02T09:30:00"]
)
def test_the_public_booking_refuses_an_impossible_time(
    world: dict[str, Any], starts_at: str
) -> None:
    before = Appointment.objects.count()
    response = Client().post(
        f"/afspraak-maken/{world['booking']}/",
        {"starts_at": starts_at, "name": "Test", "email": "test@example.org"},
    )
    assert response.status_code == 400
    assert Appointment.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "starts_at",
    ["2026-02-30T10:00:00+01:00", "2026-03-02T24:00:00+01:00", "2026-03-02T10:00:00+25:00"],
)
def test_moving_by_link_refuses_an_impossible_time(world: dict[str, Any], starts_at: str) -> None:
    appointment = Appointment.objects.get(resident__name="Jan de Boer")
    response = Client().post(f"/afspraak/{world['appointment_token']}/", {"starts_at": starts_at})
    assert response.status_code == 400
    appointment_after = Appointment.objects.get(pk=appointment.pk)
    assert appointment_after.starts_at == appointment.starts_at


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_extreme_dates_on_the_day_pages_and_the_slots(world: dict[str, Any], day: str) -> None:
    client = _client("specialist")
    assert client.get(f"/workspace/appointments/?date={day}").status_code == 200
    assert client.get(f"/workspace/queue/statistics/?date={day}").status_code < 500
    slots = client.get(f"/api/bookable-services/{world['booking']}/slots?start={day}")
    assert slots.status_code == 422


@pytest.mark.django_db
def test_the_api_wants_a_time_zone(world: dict[str, Any]) -> None:
    response = _client("specialist").post(
        "/api/appointments",
        {"booking_id": world["booking"], "starts_at": "2026-03-02T09:30:00", "name": "Test"},
        "application/json",
    )
    assert response.status_code == 422
    assert "tijdzone" in json.dumps(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("stamp", ["253402300800", "9" * 40])
def test_an_agency_timestamp_beyond_the_calendar_is_refused(
    world: dict[str, Any], stamp: str
) -> None:
    _key, token, secret = agency_key_create(
        organisation=Organisation.objects.get(code="uwv"), name="hostile"
    )
    body = b'{"delivery_id": "x", "action": "accept"}'
    response = Client().post(
        f"/api/agency/referrals/{world['referral_jan']}/events",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_X_EENLOKET_TIMESTAMP=stamp,
        HTTP_X_EENLOKET_SIGNATURE=signature_for(secret, stamp, body),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "stale_delivery"


def test_the_catalogue_reaches_every_operation() -> None:
    """The API walk covers the OpenAPI document; a new operation needs a matrix sample."""
    for method, path, _operation in _operations():
        assert _matrix_sample(method, path), (method, path)
