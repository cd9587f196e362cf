"""Who may use which route, and which rows it reaches: the authorisation rules as data.

`ROUTES` maps every URL route of the project to a `Rule`. A route is the pattern string that a
recursive walk of `django.urls.get_resolver().url_patterns` produces by concatenating
`str(pattern.pattern)` of the resolvers and the pattern, e.g. "workspace/help-requests/<int:pk>/",
"api/contacts/<contact_id>" or "mening/<str:token>/". `test_access_matrix.py` walks the routes and
fails when one is missing here or an entry here no longer exists, and requests every sample as
each demo account and as an anonymous visitor.

Keys
    The route pattern itself. Everything under the Django admin is one entry, "admin/". When one
    API path has operations with different rules (a list with GET, a create with POST), the GET
    operation is keyed by the bare pattern and the other one by the pattern plus the method in
    brackets: "api/contacts" (GET) and "api/contacts [POST]". See `route_key`.

`Rule.who`
    A frozenset of role codes (`eenloket.organisations.models.Role`), or one of these markers:

    PUBLIC      anyone, no login (the resident pages, the login page).
    STAFF       any logged-in account with a staff role (pages: `login_required`; the API: the
                session or an `el_` token of an account with a membership).
    TOKEN       public, but only with a valid secret link token in the URL (a resident's
                appointment, feedback or follow link); unknown and expired tokens answer 404.
    AGENCY_KEY  an agency's own system: `Authorization: Bearer ag_…` (a key made with
                `eenloket create_agency_key`), writes also signed with HMAC. No staff session or
                staff token is let in (401).
    ADMIN_SITE  the Django admin: an active `is_staff` account (in the demo only the
                administrator's, which is also a superuser). Others are sent to the admin's login.

    A role outside `who` gets 403 on a page (an anonymous visitor is sent to /login/), and 401 or
    403 from the API.

`Rule.scope`
    Which rows an allowed caller reaches; a row outside it answers 404, exactly like an unknown id.

    "municipality"         the rows of the caller's municipality (counter staff). Other roles
                           have no municipality, so they reach no rows at all.
    "organisation"         the rows of the caller's own organisation: their municipality for
                           counter staff, their agency for a liaison (or for an agency key).
    "own"                  only what the caller made themselves (the feedback tablet).
    "national-aggregates"  figures across all municipalities, no rows about a person.
    "none"                 no row-level restriction: shared reference data (knowledge articles,
                           triage rules, professional lines) or public pages.
    "token"                the one row the link's token belongs to.
    "signed"               the rows addressed to the key's organisation, and only with a valid
                           HMAC signature over the request body.

`Rule.methods`
    The HTTP methods the route acts on. POST-only routes answer 405 to GET (after the role
    check).

`Rule.sample`
    A URL to request, with placeholders filled from the demo world in the tests: the ids of
    `test_access._ids()` ({jan}, {eva}, {hr_jan}, {hr_piet}, {hr_eva}, {contact_jan},
    {article}, {rule}, {referral_jan}, {appointment_jan}) and a few that the matrix test makes
    itself ({contact_eva}, {referral_eva}, {appointment_eva}, {referral_draft}, {booking},
    {call_jan}, {appointment_token}, {feedback_token}, {follow_token}). None when the route
    cannot be requested generically; a comment says why.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.conf import settings

from eenloket.organisations.models import Role


class Marker(enum.Enum):
    """Who may use a route when that is not a set of roles (see the module docstring)."""

    PUBLIC = "public"
    STAFF = "staff"
    TOKEN = "token"
    AGENCY_KEY = "agency-key"
    ADMIN_SITE = "admin-site"


PUBLIC = Marker.PUBLIC
STAFF = Marker.STAFF
TOKEN = Marker.TOKEN
AGENCY_KEY = Marker.AGENCY_KEY
ADMIN_SITE = Marker.ADMIN_SITE

Who = frozenset[str] | Marker

# Scopes (see the module docstring).
MUNICIPALITY = "municipality"
ORGANISATION = "organisation"
OWN = "own"
NATIONAL = "national-aggregates"
NONE = "none"
TOKEN_SCOPE = "token"
SIGNED = "signed"
SCOPES = frozenset({MUNICIPALITY, ORGANISATION, OWN, NATIONAL, NONE, TOKEN_SCOPE, SIGNED})

# The role sets, spelled out here on purpose rather than imported from the apps: a change in an
# app's constants must show up as a failing matrix test, not silently move the matrix along.
COUNTER: frozenset[str] = frozenset({Role.FRONT_OFFICE, Role.SPECIALIST, Role.LOCATION_MANAGER})
RESIDENT_ERASERS: frozenset[str] = frozenset({Role.SPECIALIST, Role.LOCATION_MANAGER})
REFERRAL_USERS: frozenset[str] = COUNTER | {Role.AGENCY_LIAISON}
KNOWLEDGE_READERS: frozenset[str] = COUNTER | {Role.AGENCY_LIAISON, Role.KNOWLEDGE_MANAGER}
KNOWLEDGE_EDITORS: frozenset[str] = frozenset({Role.KNOWLEDGE_MANAGER})
TRIAGE_USERS: frozenset[str] = COUNTER | {Role.KNOWLEDGE_MANAGER}
LOCATION_MANAGERS: frozenset[str] = frozenset({Role.LOCATION_MANAGER})
COORDINATORS: frozenset[str] = frozenset({Role.COORDINATOR})
ADMINISTRATORS: frozenset[str] = frozenset({Role.ADMINISTRATOR})

GET: tuple[str, ...] = ("GET",)
POST: tuple[str, ...] = ("POST",)
GET_POST: tuple[str, ...] = ("GET", "POST")

ADMIN_PREFIX = "admin/"


@dataclass(frozen=True)
class Rule:
    who: Who
    scope: str
    methods: tuple[str, ...]
    sample: str | None

    def allows(self, role: str | None) -> bool:
        """May an account with this role (None: an anonymous visitor) use the route, before any
        row scope? An agency key is not a role: no account passes AGENCY_KEY."""
        if self.who in (PUBLIC, TOKEN):
            return True
        if self.who is STAFF:
            return role is not None
        if self.who is AGENCY_KEY:
            return False
        if self.who is ADMIN_SITE:
            return role == Role.ADMINISTRATOR
        assert isinstance(self.who, frozenset)
        return role in self.who


def route_key(pattern: str, methods: tuple[str, ...] | list[str] | None = None) -> str:
    """The ROUTES key of a route; `methods` only for a further operation on a shared API path."""
    return f"{pattern} [{', '.join(methods)}]" if methods else pattern


def _hr(action: str) -> str:
    return f"/workspace/help-requests/{{hr_jan}}/{action}/"


ROUTES: dict[str, Rule] = {
    # --- entrance, login, language ------------------------------------------------------------
    # Residents see the portal's start page; a logged-in account is sent to its workspace.
    "": Rule(PUBLIC, NONE, GET, "/"),
    "login/": Rule(PUBLIC, NONE, GET_POST, "/login/"),
    # The second factor: `login_required`, any logged-in account (even one without a role).
    "login/mfa/": Rule(STAFF, NONE, GET_POST, "/login/mfa/"),
    "login/mfa/enrol/": Rule(STAFF, NONE, GET_POST, "/login/mfa/enrol/"),
    "login/mfa/setup/": Rule(STAFF, NONE, GET_POST, "/login/mfa/setup/"),
    "logout/": Rule(PUBLIC, NONE, POST, "/logout/"),
    "i18n/setlang/": Rule(PUBLIC, NONE, POST, "/i18n/setlang/"),
    # A redirect to the static icon, for pages without an icon link (common/tests).
    "favicon.ico": Rule(PUBLIC, NONE, GET, None),
    # --- operations: the load balancer's probes and the metrics scrape ------------------------
    # No login and no personal data. Readiness answers 503 until a background worker reports,
    # and /metrics needs the scraper's bearer token (404 while none is set); both are covered
    # in operations/tests.
    "health/live": Rule(PUBLIC, NONE, GET, "/health/live"),
    "health/ready": Rule(PUBLIC, NONE, GET, None),
    "metrics": Rule(PUBLIC, NONE, GET, None),
    # --- staff home ---------------------------------------------------------------------------
    # Each role's own overview: its municipality's work, its agency's referrals, the national
    # figures for the coordinator.
    "workspace/": Rule(STAFF, ORGANISATION, GET, "/workspace/"),
    # --- contacts and help requests -----------------------------------------------------------
    "workspace/contacts/": Rule(COUNTER, MUNICIPALITY, GET, "/workspace/contacts/"),
    "workspace/contacts/new/": Rule(COUNTER, MUNICIPALITY, GET_POST, "/workspace/contacts/new/"),
    "workspace/contacts/<int:pk>/": Rule(
        COUNTER, MUNICIPALITY, GET_POST, "/workspace/contacts/{contact_jan}/"
    ),
    "workspace/help-requests/": Rule(COUNTER, MUNICIPALITY, GET, "/workspace/help-requests/"),
    # Opened for a resident; without one it sends the worker to the resident search first.
    "workspace/help-requests/new/": Rule(
        COUNTER, MUNICIPALITY, GET_POST, "/workspace/help-requests/new/?resident={jan}"
    ),
    "workspace/help-requests/<int:pk>/": Rule(
        COUNTER, MUNICIPALITY, GET, "/workspace/help-requests/{hr_jan}/"
    ),
    "workspace/help-requests/<int:pk>/take/": Rule(COUNTER, MUNICIPALITY, POST, _hr("take")),
    "workspace/help-requests/<int:pk>/park/": Rule(COUNTER, MUNICIPALITY, POST, _hr("park")),
    "workspace/help-requests/<int:pk>/close/": Rule(COUNTER, MUNICIPALITY, POST, _hr("close")),
    "workspace/help-requests/<int:pk>/reopen/": Rule(COUNTER, MUNICIPALITY, POST, _hr("reopen")),
    "workspace/help-requests/<int:pk>/questions/": Rule(
        COUNTER, MUNICIPALITY, POST, _hr("questions")
    ),
    "workspace/help-requests/<int:pk>/questions/resolve/": Rule(
        COUNTER, MUNICIPALITY, POST, _hr("questions/resolve")
    ),
    "workspace/help-requests/<int:pk>/notes/": Rule(COUNTER, MUNICIPALITY, POST, _hr("notes")),
    "workspace/help-requests/<int:pk>/triage/": Rule(COUNTER, MUNICIPALITY, POST, _hr("triage")),
    "workspace/help-requests/<int:pk>/assign/": Rule(COUNTER, MUNICIPALITY, POST, _hr("assign")),
    "workspace/help-requests/<int:pk>/follow-up/": Rule(
        COUNTER, MUNICIPALITY, POST, _hr("follow-up")
    ),
    "workspace/help-requests/<int:pk>/consents/": Rule(
        COUNTER, MUNICIPALITY, POST, _hr("consents")
    ),
    "workspace/help-requests/<int:pk>/consents/withdraw/": Rule(
        COUNTER, MUNICIPALITY, POST, _hr("consents/withdraw")
    ),
    "workspace/help-requests/<int:pk>/lessons/": Rule(COUNTER, MUNICIPALITY, POST, _hr("lessons")),
    "workspace/worklist/": Rule(COUNTER, MUNICIPALITY, GET, "/workspace/worklist/"),
    # --- referrals and professional lines -----------------------------------------------------
    # Both sides: counter staff see their municipality's referrals, a liaison those sent to
    # their agency.
    "workspace/referrals/": Rule(REFERRAL_USERS, ORGANISATION, GET, "/workspace/referrals/"),
    "workspace/referrals/<int:pk>/": Rule(
        REFERRAL_USERS, ORGANISATION, GET, "/workspace/referrals/{referral_jan}/"
    ),
    "workspace/referrals/<int:pk>/act/": Rule(
        REFERRAL_USERS, ORGANISATION, POST, "/workspace/referrals/{referral_jan}/act/"
    ),
    "workspace/referrals/<int:pk>/confirm/": Rule(
        COUNTER, MUNICIPALITY, POST, "/workspace/referrals/{referral_jan}/confirm/"
    ),
    "workspace/help-requests/<int:pk>/referrals/new/": Rule(
        COUNTER, MUNICIPALITY, GET_POST, _hr("referrals/new")
    ),
    "workspace/help-requests/<int:pk>/calls/": Rule(COUNTER, MUNICIPALITY, POST, _hr("calls")),
    # The national directory of agencies' lines: reference data.
    "workspace/lines/": Rule(COUNTER, NONE, GET, "/workspace/lines/"),
    # A call outside the scope (or without an open callback) is sent back to the worklist with
    # a message, the same as an unknown one.
    "workspace/calls/<int:pk>/callback/": Rule(
        COUNTER, MUNICIPALITY, POST, "/workspace/calls/{call_jan}/callback/"
    ),
    # --- appointments -------------------------------------------------------------------------
    "workspace/appointments/": Rule(COUNTER, MUNICIPALITY, GET, "/workspace/appointments/"),
    "workspace/appointments/book/": Rule(
        COUNTER, MUNICIPALITY, GET_POST, "/workspace/appointments/book/"
    ),
    "workspace/appointments/<int:pk>/": Rule(
        COUNTER, MUNICIPALITY, GET, "/workspace/appointments/{appointment_jan}/"
    ),
    "workspace/appointments/<int:pk>/status/": Rule(
        COUNTER, MUNICIPALITY, POST, "/workspace/appointments/{appointment_jan}/status/"
    ),
    # The resident's link to see, move or cancel one appointment; no personal details shown.
    "afspraak/<str:token>/": Rule(TOKEN, TOKEN_SCOPE, GET_POST, "/afspraak/{appointment_token}/"),
    # --- walk-in queue ------------------------------------------------------------------------
    "workspace/queue/": Rule(COUNTER, MUNICIPALITY, GET, "/workspace/queue/"),
    "workspace/queue/desk/": Rule(COUNTER, MUNICIPALITY, POST, "/workspace/queue/desk/"),
    "workspace/queue/issue/": Rule(COUNTER, MUNICIPALITY, POST, "/workspace/queue/issue/"),
    "workspace/queue/check-in/": Rule(COUNTER, MUNICIPALITY, POST, "/workspace/queue/check-in/"),
    "workspace/queue/act/": Rule(COUNTER, MUNICIPALITY, POST, "/workspace/queue/act/"),
    "workspace/queue/statistics/": Rule(COUNTER, MUNICIPALITY, GET, "/workspace/queue/statistics/"),
    # The waiting-room screen: ticket numbers and desks only, never a name.
    "scherm/<slug:slug>/": Rule(PUBLIC, NONE, GET, "/scherm/utrecht-stadskantoor/"),
    # --- residents ----------------------------------------------------------------------------
    # Searched by POST, so a BSN never ends up in a URL; GET shows the empty form.
    "workspace/residents/": Rule(COUNTER, MUNICIPALITY, GET_POST, "/workspace/residents/"),
    "workspace/residents/new/": Rule(COUNTER, MUNICIPALITY, GET_POST, "/workspace/residents/new/"),
    "workspace/residents/pick/": Rule(COUNTER, MUNICIPALITY, POST, "/workspace/residents/pick/"),
    "workspace/residents/<int:pk>/": Rule(
        COUNTER, MUNICIPALITY, GET, "/workspace/residents/{jan}/"
    ),
    "workspace/residents/<int:pk>/inzage/": Rule(
        COUNTER, MUNICIPALITY, GET, "/workspace/residents/{jan}/inzage/"
    ),
    # A copy of everything kept about the resident, as a file (AVG art. 15 and 20).
    "workspace/residents/<int:pk>/export/": Rule(
        COUNTER, MUNICIPALITY, GET, "/workspace/residents/{jan}/export/"
    ),
    # Erasure at the resident's request (art. 17): not for the front office.
    "workspace/residents/<int:pk>/erase/": Rule(
        RESIDENT_ERASERS, MUNICIPALITY, POST, "/workspace/residents/{jan}/erase/"
    ),
    # --- knowledge base -----------------------------------------------------------------------
    "workspace/knowledge/": Rule(KNOWLEDGE_READERS, NONE, GET, "/workspace/knowledge/?q=paspoort"),
    "workspace/knowledge/articles/": Rule(
        KNOWLEDGE_EDITORS, NONE, GET, "/workspace/knowledge/articles/"
    ),
    "workspace/knowledge/lessons/": Rule(
        KNOWLEDGE_EDITORS, NONE, GET_POST, "/workspace/knowledge/lessons/"
    ),
    "workspace/knowledge/articles/new/": Rule(
        KNOWLEDGE_EDITORS, NONE, GET_POST, "/workspace/knowledge/articles/new/"
    ),
    "workspace/knowledge/articles/<int:pk>/": Rule(
        KNOWLEDGE_READERS, NONE, GET, "/workspace/knowledge/articles/{article}/"
    ),
    "workspace/knowledge/articles/<int:pk>/what-to-bring/": Rule(
        KNOWLEDGE_READERS, NONE, GET, "/workspace/knowledge/articles/{article}/what-to-bring/"
    ),
    "workspace/knowledge/articles/<int:pk>/edit/": Rule(
        KNOWLEDGE_EDITORS, NONE, GET_POST, "/workspace/knowledge/articles/{article}/edit/"
    ),
    "workspace/knowledge/articles/<int:pk>/publish/": Rule(
        KNOWLEDGE_EDITORS, NONE, POST, "/workspace/knowledge/articles/{article}/publish/"
    ),
    "workspace/knowledge/articles/<int:pk>/archive/": Rule(
        KNOWLEDGE_EDITORS, NONE, POST, "/workspace/knowledge/articles/{article}/archive/"
    ),
    "workspace/knowledge/articles/<int:pk>/review/": Rule(
        KNOWLEDGE_EDITORS, NONE, POST, "/workspace/knowledge/articles/{article}/review/"
    ),
    # --- triage -------------------------------------------------------------------------------
    "workspace/triage/suggest/": Rule(TRIAGE_USERS, NONE, GET_POST, "/workspace/triage/suggest/"),
    "workspace/triage/rules/": Rule(KNOWLEDGE_EDITORS, NONE, GET, "/workspace/triage/rules/"),
    "workspace/triage/rules/new/": Rule(
        KNOWLEDGE_EDITORS, NONE, GET_POST, "/workspace/triage/rules/new/"
    ),
    "workspace/triage/rules/<int:pk>/": Rule(
        KNOWLEDGE_EDITORS, NONE, GET_POST, "/workspace/triage/rules/{rule}/"
    ),
    # --- insights and the register ------------------------------------------------------------
    "workspace/insights/": Rule(LOCATION_MANAGERS, MUNICIPALITY, GET, "/workspace/insights/"),
    "workspace/insights/national/": Rule(
        COORDINATORS, NATIONAL, GET, "/workspace/insights/national/"
    ),
    "workspace/register/": Rule(ADMINISTRATORS, NONE, GET, "/workspace/register/"),
    # --- feedback -----------------------------------------------------------------------------
    "mening/<str:token>/": Rule(TOKEN, TOKEN_SCOPE, GET_POST, "/mening/{feedback_token}/"),
    # The desk worker's own last contact; from the first visit on, the session is a kiosk.
    "workspace/feedback/tablet/": Rule(COUNTER, OWN, GET_POST, "/workspace/feedback/tablet/"),
    "workspace/feedback/card/<str:subject>/<int:pk>/": Rule(
        COUNTER, MUNICIPALITY, GET, "/workspace/feedback/card/help_request/{hr_jan}/"
    ),
    # --- resident pages -----------------------------------------------------------------------
    "loketten/": Rule(PUBLIC, NONE, GET, "/loketten/"),
    "loketten/<slug:slug>/": Rule(PUBLIC, NONE, GET, "/loketten/utrecht-stadskantoor/"),
    "vraag/": Rule(PUBLIC, NONE, GET_POST, "/vraag/"),
    # Shown once after sending (the follow link is kept in the session only); without it the
    # visitor is sent to the start page.
    "vraag/verstuurd/<str:reference>/": Rule(PUBLIC, NONE, GET, "/vraag/verstuurd/OV-TEST/"),
    "volgen/<str:token>/": Rule(TOKEN, TOKEN_SCOPE, GET, "/volgen/{follow_token}/"),
    "afspraak-maken/": Rule(PUBLIC, NONE, GET, "/afspraak-maken/"),
    "afspraak-maken/<int:pk>/": Rule(PUBLIC, NONE, GET_POST, "/afspraak-maken/{booking}/"),
    # The confirmation of this browser's booking (kept in the session); else back to step 1.
    "afspraak-maken/bevestiging/": Rule(PUBLIC, NONE, GET, "/afspraak-maken/bevestiging/"),
    "toegankelijkheid/": Rule(PUBLIC, NONE, GET, "/toegankelijkheid/"),
    # --- Django admin: one entry for everything under admin/ ----------------------------------
    ADMIN_PREFIX: Rule(ADMIN_SITE, NONE, GET_POST, "/admin/"),
    # --- JSON API (django-ninja) --------------------------------------------------------------
    # Ninja's root: a redirect to the docs with DEBUG only, otherwise 404 for everyone; there
    # is nothing to reach.
    "api/": Rule(PUBLIC, NONE, GET, None),
    # The schema and its viewer are public (ninja's default): operations, no data.
    "api/openapi.json": Rule(PUBLIC, NONE, GET, "/api/openapi.json"),
    "api/docs": Rule(PUBLIC, NONE, GET, "/api/docs"),
    # Reads without a role check of their own: the selectors scope them, so roles without a
    # municipality get an empty list, and 404 for any one row.
    "api/contacts": Rule(COUNTER, MUNICIPALITY, GET, "/api/contacts"),
    "api/contacts [POST]": Rule(COUNTER, MUNICIPALITY, POST, "/api/contacts"),
    "api/contacts/<contact_id>": Rule(COUNTER, MUNICIPALITY, GET, "/api/contacts/{contact_jan}"),
    "api/help-requests": Rule(COUNTER, MUNICIPALITY, GET, "/api/help-requests"),
    "api/help-requests [POST]": Rule(COUNTER, MUNICIPALITY, POST, "/api/help-requests"),
    "api/help-requests/<help_request_id>": Rule(
        COUNTER, MUNICIPALITY, GET, "/api/help-requests/{hr_jan}"
    ),
    "api/knowledge/search": Rule(KNOWLEDGE_READERS, NONE, GET, "/api/knowledge/search?q=paspoort"),
    "api/knowledge/articles/<article_id>": Rule(
        KNOWLEDGE_READERS, NONE, GET, "/api/knowledge/articles/{article}"
    ),
    "api/triage": Rule(TRIAGE_USERS, NONE, POST, "/api/triage"),
    "api/agency/referrals": Rule(AGENCY_KEY, ORGANISATION, GET, "/api/agency/referrals"),
    "api/agency/referrals/<referral_id>": Rule(
        AGENCY_KEY, ORGANISATION, GET, "/api/agency/referrals/{referral_jan}"
    ),
    "api/agency/referrals/<referral_id>/events": Rule(
        AGENCY_KEY, SIGNED, POST, "/api/agency/referrals/{referral_jan}/events"
    ),
    "api/bookable-services": Rule(COUNTER, MUNICIPALITY, GET, "/api/bookable-services"),
    "api/bookable-services/<booking_id>/slots": Rule(
        COUNTER, MUNICIPALITY, GET, "/api/bookable-services/{booking}/slots"
    ),
    "api/appointments": Rule(COUNTER, MUNICIPALITY, POST, "/api/appointments"),
    "api/appointments/<appointment_id>": Rule(
        COUNTER, MUNICIPALITY, GET, "/api/appointments/{appointment_jan}"
    ),
    "api/appointments/<appointment_id>/status": Rule(
        COUNTER, MUNICIPALITY, POST, "/api/appointments/{appointment_jan}/status"
    ),
}

# Single sign-on (mozilla-django-oidc) is only routed when it is configured (see urls.py).
OIDC_ROUTES: dict[str, Rule] = {
    # Sends the browser to the identity provider.
    "oidc/authenticate/": Rule(PUBLIC, NONE, GET, "/oidc/authenticate/"),
    # The provider's answer (state and code of a login it started) cannot be made up
    # generically; the OIDC tests cover it.
    "oidc/callback/": Rule(PUBLIC, NONE, GET, None),
    # Logging out is a POST (GET answers 405 unless ALLOW_LOGOUT_GET_METHOD).
    "oidc/logout/": Rule(PUBLIC, NONE, POST, "/oidc/logout/"),
}
if getattr(settings, "OIDC_ENABLED", False):
    ROUTES.update(OIDC_ROUTES)
