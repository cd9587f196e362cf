"""Health endpoints for the load balancer and the metrics endpoint for Prometheus.

No login, no session, no CSRF: the probes send no cookies and only read. They also answer over
plain HTTP (`SECURE_REDIRECT_EXEMPT` in production) because the load balancer probes that way."""

from __future__ import annotations

import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from . import metrics
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def health_live(request: HttpRequest) -> HttpResponse:
    """The process answers. Touches nothing else, so a slow database never restarts it."""
    return _no_store(JsonResponse({"status": "ok"}))


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


_migrations_applied = False


def _migrations() -> str:
    # Loading the migration graph costs tens of milliseconds; once this process has seen all of
    # its own migrations applied, that stays true for the code it runs.
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if _migrations_applied else "pending"


def _worker() -> str:
    fresh_since = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return "ok" if WorkerHeartbeat.objects.filter(seen_at__gte=fresh_since).exists() else "stale"


@require_safe
def health_ready(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database answers, every migration is applied, and a background
    worker reported within `WORKER_STALE_SECONDS`. Otherwise 503, naming each check."""
    checks: dict[str, str] = {}
    for name, check in (("database", _database), ("migrations", _migrations), ("worker", _worker)):
        try:
            checks[name] = check()
        except DatabaseError as exc:
            logger.warning("readiness: %s check failed (%s)", name, exc.__class__.__name__)
            checks[name] = "fail"
    ready = all(outcome == "ok" for outcome in checks.values())
    body = {"status": "ok" if ready else "fail", "checks": checks}
    response = JsonResponse(body, status=200 if ready else 503)
    # Not an error line per probe every few seconds: the body names the check, a failing
    # database check logs its own warning, and monitoring alerts on the status.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return _no_store(response)


@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus' scrape, for a caller with `Authorization: Bearer <METRICS_TOKEN>`; switched
    off (404) while no token is set."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = "Bearer"
        return _no_store(response)
    return _no_store(HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST))
