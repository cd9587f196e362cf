"""The JSON API: one NinjaAPI, each app adds its router; errors answer as {code, message, field}."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from eenloket.accounts.services import api_token_authenticate
from eenloket.common.errors import DomainError
from eenloket.organisations.selectors import membership_of


class StaffSession(APIKeyCookie):
    """The browser session of a staff member with a role (CSRF checked on writes)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__()

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if membership_of(user) is not None else None


class StaffToken(HttpBearer):
    """`Authorization: Bearer el_…`, a token made with `eenloket create_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(raw=token)
        return user if membership_of(user) is not None else None


api = NinjaAPI(
    title="Eén Loket API",
    version="1",
    description="Contacts, help requests and (as they land) referrals, appointments and knowledge, "
    "scoped to the caller exactly as the staff pages are.",
    auth=[StaffToken(), StaffSession()],
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": exc.code, "message": str(exc.message), "field": exc.field},
        status=exc.status,
    )


def _register_routers() -> None:
    from eenloket.appointments.api import router as appointments_router
    from eenloket.contacts.api import router as contacts_router
    from eenloket.knowledge.api import router as knowledge_router
    from eenloket.referrals.api import router as agency_router
    from eenloket.triage.api import router as triage_router

    api.add_router("/", contacts_router)
    api.add_router("/", knowledge_router)
    api.add_router("/", triage_router)
    api.add_router("/", agency_router)
    api.add_router("/", appointments_router)


_register_routers()
