"""The outermost middleware: the request's ids for every log line, one log line per request, and
the request metrics.

Routes are URL pattern names (`appointment_link`), never raw paths: those carry the secret link
tokens (/afspraak/<token>/) and would make a new time series per link."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from eenloket.common import tracing

from . import metrics

logger = logging.getLogger("eenloket.requests")


def _forget_request(**kwargs: Any) -> None:
    tracing.clear()


# Django logs a 4xx/5xx response ("Not Found: ...") after the middleware has returned it; the ids
# stay bound until the server closes the response.
request_finished.connect(_forget_request, dispatch_uid="eenloket.operations.forget_request")

REQUEST_ID_HEADER = "X-Request-ID"
# The load balancer's probes and the scraper would drown the request log.
UNLOGGED_ROUTES = frozenset(
    {"operations:health_live", "operations:health_ready", "operations:metrics"}
)


def route_of(request: HttpRequest) -> str:
    """The URL pattern's name (namespaced), "static", or "unmatched"."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        if request.path.startswith(settings.STATIC_URL):
            return "static"
        # A middleware answered before the URL was resolved (a redirect, a refusal).
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return "unmatched"
    return match.view_name or match.route or "unnamed"


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return int(user.pk)
    return None


class RequestContextMiddleware:
    """Bind the request id, the trace context and (once known) the account's primary key for
    everything logged during the request; echo the request id; log one line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = tracing.request_id_from(request.headers.get(REQUEST_ID_HEADER))
        tracing.start(
            request_id=request_id,
            trace_id=tracing.trace_id_from(request.headers.get("traceparent")),
        )
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        # A login or logout during the request changes who acted.
        tracing.bind_user(_user_id(request))
        route = route_of(request)
        if route not in UNLOGGED_ROUTES:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            logger.info(
                "%s %s %s %sms",
                request.method,
                route,
                response.status_code,
                duration_ms,
                extra={
                    "http_method": request.method,
                    "route": route,
                    "status_code": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
        return response

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        # The authentication middleware has run by now: lines the view logs name the account.
        tracing.bind_user(_user_id(request))


class MetricsMiddleware:
    """Count each request and its duration by method, route and status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        metrics.request_observed(
            method=request.method or "",
            route=route_of(request),
            status=response.status_code,
            seconds=time.perf_counter() - started,
        )
        return response
