"""What a scrape reports: the background work read from the database, and under gunicorn the
request counts of every worker process added up."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from eenloket.operations import metrics
from eenloket.operations.models import ScheduledRun, WorkerHeartbeat

pytestmark = pytest.mark.django_db


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def task(status: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="eenloket.audit.tasks.retention_daily",
        backend_name="default",
        run_after=timezone.now(),
    )


def test_the_database_gauges() -> None:
    for status in ("READY", "READY", "RUNNING", "FAILED"):
        task(status)
    seen = timezone.now() - timedelta(seconds=30)
    WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="app1", pid=1, started_at=seen, seen_at=seen
    )
    queued = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    for days in (0, 1):
        due = queued - timedelta(days=days)
        ScheduledRun.objects.create(job="referral_check", due_at=due, queued_at=due)

    found = samples(metrics.exposition().decode())

    def tasks(status: str) -> float:
        return found[("eenloket_background_tasks", (("status", status),))]

    assert (tasks("READY"), tasks("RUNNING"), tasks("FAILED"), tasks("SUCCESSFUL")) == (2, 1, 1, 0)
    assert 30 <= found[("eenloket_worker_heartbeat_age_seconds", ())] < 60
    assert found[("eenloket_scheduled_runs", (("job", "referral_check"),))] == 2
    last = ("eenloket_scheduled_run_last_queued_timestamp_seconds", (("job", "referral_check"),))
    assert found[last] == queued.timestamp()


def test_no_heartbeat_ever_is_an_infinite_age() -> None:
    found = samples(metrics.exposition().decode())
    assert found[("eenloket_worker_heartbeat_age_seconds", ())] == float("inf")


def test_worker_processes_are_added_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes in gunicorn's multiprocess mode answer requests; one scrape counts both."""
    code = textwrap.dedent(
        """
        import django
        django.setup()
        from django.test import Client
        Client().get("/health/live")
        """
    )
    leaking = ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in leaking}
    environment.update(
        DJANGO_SETTINGS_MODULE="eenloket.settings.test", PROMETHEUS_MULTIPROC_DIR=str(tmp_path)
    )
    for _worker in range(2):
        subprocess.run([sys.executable, "-c", code], env=environment, timeout=120, check=True)

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    found = samples(metrics.exposition().decode())
    live = (("method", "GET"), ("route", "operations:health_live"), ("status", "200"))
    assert found[("eenloket_http_requests_total", live)] == 2
    assert found[("eenloket_background_tasks", (("status", "READY"),))] == 0
