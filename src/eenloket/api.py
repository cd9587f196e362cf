"""The JSON API: one NinjaAPI, each app adds its router; errors answer as {code, message, field}."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.security import APIKeyCookie, HttpBearer

from eenloket.accounts.models import User
from eenloket.accounts.services import api_token_authenticate
from eenloket.accounts.types import Actor
from eenloket.appointments.api import router as appointments_router
from eenloket.common.errors import DomainError
from eenloket.common.idempotency import OPENAPI_PARAMETER, idempotent_run, idempotent_view
from eenloket.contacts.api import router as contacts_router
from eenloket.knowledge.api import router as knowledge_router
from eenloket.organisations.selectors import membership_of
from eenloket.referrals.api import router as agency_router
from eenloket.triage.api import router as triage_router


class StaffSession(APIKeyCookie):
    """The browser session of a staff member with a role (CSRF checked on writes)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__()

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user = request.user
        return user if membership_of(user) is not None else None


class StaffToken(HttpBearer):
    """`Authorization: Bearer el_…`, a token made with `eenloket create_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(raw=token)
        return user if membership_of(user) is not None else None


class SwaggerDocs(DocsBase):
    """Swagger UI from our own static files (npm, pinned), under the site's Content-Security-Policy."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)


ERROR_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "description": "A rule said no: a stable code, a message in the user's language, the field.",
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "required": ["code", "message"],
    },
    "Detail": {
        "type": "object",
        "description": "Authentication or input validation failed (django-ninja's own answer).",
        "properties": {"detail": {}},
        "required": ["detail"],
    },
}
ERRORS = {
    400: "The request breaks a rule (see code and message).",
    401: "No valid staff token or session.",
    403: "This role may not do this.",
    404: "Not found, or not yours to see (the two answer the same).",
    409: "It changed meanwhile (e.g. the slot was just taken).",
    422: "The input does not match the schema.",
    429: "Too many requests; try again later.",
}


class Api(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists the error answers every operation can give, and the
    `Idempotency-Key` header every POST accepts."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(*args, **kwargs)
        document.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
        either = {
            "anyOf": [
                {"$ref": "#/components/schemas/Error"},
                {"$ref": "#/components/schemas/Detail"},
            ]
        }
        for operations in document["paths"].values():
            for method, operation in operations.items():
                if method == "post":
                    operation.setdefault("parameters", []).append(OPENAPI_PARAMETER)
                responses = operation.setdefault("responses", {})
                for status, description in ERRORS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": either}},
                        },
                    )
        return document


api = Api(
    title="Eén Loket API",
    version="1",
    description="Contacts, help requests and (as they land) referrals, appointments and knowledge, "
    "scoped to the caller exactly as the staff pages are.",
    auth=[StaffToken(), StaffSession()],
    urls_namespace="api",
    docs=SwaggerDocs(),
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": exc.code, "message": str(exc.message), "field": exc.field},
        status=exc.status,
    )


def _register_routers() -> None:
    api.add_decorator(idempotent_run, mode="view")
    api.add_decorator(idempotent_view, mode="operation")
    api.add_router("/", contacts_router)
    api.add_router("/", knowledge_router)
    api.add_router("/", triage_router)
    api.add_router("/", agency_router)
    api.add_router("/", appointments_router)


_register_routers()
