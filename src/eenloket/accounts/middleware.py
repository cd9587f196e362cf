"""Session limits and the second factor for staff.

`SessionLimitsMiddleware` ends a session after `SESSION_IDLE_MINUTES` without activity and
`SESSION_MAX_HOURS` after logging in, and keeps a feedback tablet's session to the tablet.
`MfaRequiredMiddleware` sends a logged-in account that has not given its second factor in this
session to the page that asks for it (or, without an app yet, to the page that asks for the
enrolment code an administrator gave), whatever page it asked for."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from .types import Actor

LOGIN_AT = "el_login_at"
SEEN_AT = "el_seen_at"
KIOSK = "el_kiosk"
# Set by single sign-on (accounts.oidc) when the provider already asked for a second factor.
SSO_MFA = "el_sso_mfa"
# Writing the session on every request is wasteful; a minute's precision is enough.
SEEN_PRECISION = 60


def session_started(request: HttpRequest) -> None:
    """Called at login (signal): the clock for both limits starts now."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def kiosk_start(request: HttpRequest) -> None:
    """This browser is now a feedback tablet: its session may only show the tablet. (Set once:
    the tablet polls every 10 seconds and need not write its session each time.)"""
    if not request.session.get(KIOSK):
        request.session[KIOSK] = True


def _kiosk_allows(path: str) -> bool:
    return path.startswith(
        (reverse("feedback:tablet"), "/mening/", reverse("logout"), "/static/", "/i18n/")
    )


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._ended(request)
            if ended:
                logout(request)
                messages.info(request, ended)
                if request.headers.get("HX-Request") == "true":
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("login")
                    return response
        return self.get_response(request)

    def _ended(self, request: HttpRequest) -> str:
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if login_at is None or seen_at is None:
            # A session from before these limits (or force_login in a test): start the clocks.
            session[LOGIN_AT] = session.get(LOGIN_AT, now)
            session[SEEN_AT] = now
            return ""
        if now - login_at > settings.SESSION_MAX_HOURS * 3600:
            return _("You were logged out because you have been logged in for %(hours)s hours.") % {
                "hours": settings.SESSION_MAX_HOURS
            }
        if now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
            return _(
                "You were logged out after %(minutes)s minutes without activity. Log in again."
            ) % {"minutes": settings.SESSION_IDLE_MINUTES}
        if session.get(KIOSK) and not _kiosk_allows(request.path):
            return _("This browser was a feedback tablet. Log in again to work in it.")
        if now - seen_at >= SEEN_PRECISION:
            session[SEEN_AT] = now
        return ""


def mfa_needed(user: Actor, session: SessionBase | None = None) -> bool:
    """Does this account have to give a second factor? Staff do, unless turned off or exempt,
    or the single sign-on provider already asked for one in this session."""
    if not settings.MFA_REQUIRED or not user.is_authenticated:
        return False
    if session is not None and session.get(SSO_MFA):
        return False
    # The demo accounts' exemption holds only where the demo exists (never in production).
    exempt = settings.DEMO_ENABLED and user.get_username() in settings.MFA_EXEMPT_USERNAMES
    return not exempt


def _mfa_free(path: str) -> bool:
    free = (
        reverse("mfa_verify"),
        reverse("mfa_enrol"),
        reverse("mfa_setup"),
        reverse("logout"),
        reverse("login"),
        "/i18n/",
        "/static/",
    )
    return path.startswith(free)


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and mfa_needed(user, request.session)
            and not user.is_verified()
            and not _mfa_free(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Give your second factor first.")}, status=403)
            # No app linked yet: first the enrolment code an administrator gave the account.
            target = "mfa_verify" if any(devices_for_user(user)) else "mfa_enrol"
            next_path = request.get_full_path()
            query = ""
            if url_has_allowed_host_and_scheme(next_path, allowed_hosts=None):
                query = "?" + urlencode({"next": next_path})
            if request.headers.get("HX-Request") == "true":
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse(target)
                return response
            return redirect(reverse(target) + query)
        return self.get_response(request)
