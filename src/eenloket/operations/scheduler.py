"""The daily jobs, queued by the worker at their times: no cron lines on the server.

Each run is claimed by inserting (job, due time) under a unique constraint in the same
transaction that queues the task, so with several workers each run is queued exactly once, and a
worker that was down at the time queues a missed run when it comes back (within CATCH_UP)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from croniter import croniter
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun, WorkerHeartbeat

logger = logging.getLogger(__name__)

# A run missed by more than this (the worker was down) is left for its next time.
CATCH_UP = dt.timedelta(hours=6)
# Heartbeats of workers that stopped without saying so are removed after this long.
FORGET_WORKERS_AFTER = dt.timedelta(days=1)


def last_due(cron: str, now: dt.datetime) -> dt.datetime:
    """The latest time at or before `now` that the cron expression names, in the local zone."""
    local = timezone.localtime(now)
    due = croniter(cron, local + dt.timedelta(seconds=1)).get_prev(dt.datetime)
    return due


def schedule_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Queue every scheduled job whose time has come and that no worker queued yet; returns
    the names of the jobs queued now."""
    now = now or timezone.now()
    queued = []
    for job, (task_path, cron) in settings.WORKER_SCHEDULE.items():
        if cron is None:
            continue
        due = last_due(cron, now)
        if now - due > CATCH_UP:
            continue
        if ScheduledRun.objects.filter(job=job, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job, due_at=due, queued_at=now)
                result = import_string(task_path).enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker claimed this run first
        logger.info("scheduled job queued", extra={"job": job, "task_id": run.task_id})
        queued.append(job)
    return queued


def worker_id_new() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{os.urandom(4).hex()}"[:64]


def heartbeat(*, worker_id: str, started_at: dt.datetime) -> None:
    """Record that this worker is alive (readiness and metrics read it)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()


def heartbeat_end(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
