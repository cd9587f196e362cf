"""Security headers Django does not set by itself, and input no view should see."""

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.utils.translation import gettext_lazy

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The admin ships inline scripts of its own.
        if not request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        # Staff pages and the resident's link pages show personal data, and every page may: never
        # keep one in a shared browser or proxy cache. (Static files are served before this.)
        response["Cache-Control"] = "no-store"
        return response


NUL_REFUSED = gettext_lazy(
    "The request contains a null character (NUL), which no text can hold. Nothing was changed."
)


def _has_nul(value: object) -> bool:
    """Does a decoded JSON value hold a NUL anywhere, in a key or a string?"""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _request_has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    try:
        form = request.POST
    except Exception:  # a broken multipart body: the view's own parsing answers for it
        form = QueryDict()
    for data in (request.GET, form):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    if request.content_type == "application/json" and request.method in ("POST", "PUT", "PATCH"):
        body = request.body
        if b"\x00" in body:
            return True
        if b"\\u0000" in body:
            try:
                return _has_nul(json.loads(body))
            except ValueError:
                return False
    return False


class RefuseNulMiddleware:
    """A NUL in the path, a parameter, a form field or a JSON string answers 400 before any view
    sees it: no text a person types holds one, and PostgreSQL cannot store or even compare it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _request_has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "nul_character", "message": str(NUL_REFUSED), "field": None},
                    status=400,
                )
            return HttpResponseBadRequest(
                str(NUL_REFUSED), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
