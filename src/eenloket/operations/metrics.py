"""Prometheus metrics: request counts and latency per route, counted in each process, and the
background work read from the database at scrape time.

Under gunicorn every worker process counts its own requests. With `PROMETHEUS_MULTIPROC_DIR`
set, prometheus_client keeps those counts in files in that folder and a scrape adds them up
(`MultiProcessCollector`); the folder must be empty when gunicorn starts (see
`eenloket.gunicorn_config`)."""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Count, Max
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from .models import ScheduledRun, WorkerHeartbeat

logger = logging.getLogger(__name__)

# Registered in no registry of their own: `exposition` gathers them per scrape.
HTTP_REQUESTS = Counter(
    "eenloket_http_requests",
    "HTTP requests answered, by method, URL pattern name and status code.",
    ["method", "route", "status"],
    registry=None,
)
HTTP_DURATION = Histogram(
    "eenloket_http_request_duration_seconds",
    "Time to answer an HTTP request, by URL pattern name.",
    ["route"],
    registry=None,
)

# Anything else a client sends as a method would be a new time series per request.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def request_observed(*, method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(
        method=method if method in METHODS else "other", route=route, status=str(status)
    ).inc()
    HTTP_DURATION.labels(route=route).observe(seconds)


class DatabaseCollector(Collector):
    """Gauges read from the database when Prometheus scrapes: the same numbers from every
    process, so they are never summed across workers."""

    def collect(self) -> Iterator[Metric]:
        try:
            yield from self._collect()
        except DatabaseError as exc:
            logger.warning("metrics: database unavailable (%s)", exc.__class__.__name__)

    def _collect(self) -> Iterator[Metric]:
        tasks = GaugeMetricFamily(
            "eenloket_background_tasks",
            "Background task results in the database, by status (READY is the queue).",
            labels=["status"],
        )
        counts = dict(DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("id")))
        for status in TaskResultStatus.values:
            tasks.add_metric([status], counts.get(status, 0))

        latest = WorkerHeartbeat.objects.aggregate(seen=Max("seen_at"))["seen"]
        age = (timezone.now() - latest).total_seconds() if latest else math.inf
        heartbeat = GaugeMetricFamily(
            "eenloket_worker_heartbeat_age_seconds",
            "Seconds since a background worker last reported (+Inf: none ever did).",
            value=max(age, 0.0),
        )

        runs = GaugeMetricFamily(
            "eenloket_scheduled_runs",
            "Scheduled runs queued, by job.",
            labels=["job"],
        )
        last_queued = GaugeMetricFamily(
            "eenloket_scheduled_run_last_queued_timestamp_seconds",
            "When each scheduled job was last queued (Unix time).",
            labels=["job"],
        )
        for job, n, last in (
            ScheduledRun.objects.order_by()
            .values_list("job")
            .annotate(n=Count("id"), last=Max("queued_at"))
        ):
            runs.add_metric([job], n)
            last_queued.add_metric([job], last.timestamp())

        yield tasks
        yield heartbeat
        yield runs
        yield last_queued


def exposition() -> bytes:
    """The text Prometheus scrapes: this process's (or all workers') request metrics and the
    database gauges."""
    registry = CollectorRegistry(auto_describe=False)
    multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if multiproc_dir:
        MultiProcessCollector(registry, path=multiproc_dir)
    else:
        registry.register(HTTP_REQUESTS)
        registry.register(HTTP_DURATION)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
