"""The worker queues the daily jobs at their times, once each, and runs them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from eenloket.operations.models import ScheduledRun, WorkerHeartbeat
from eenloket.operations.scheduler import schedule_tick

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMS)


@override_settings(TASKS=DATABASE_TASKS)
def test_jobs_are_queued_once_at_their_time() -> None:
    # Monday 7 December 2026, 07:00:20: the referral check (07:00 on working days) is due, and
    # the 02:30 retention run is missed by less than six hours; yesterday's 16:00 reminders
    # are too old to catch up.
    assert schedule_tick(now=at(2026, 12, 7, 7, 0, 20)) == ["referral_check", "retention"]
    assert schedule_tick(now=at(2026, 12, 7, 7, 5)) == []
    runs = ScheduledRun.objects.order_by("job")
    assert [(r.job, r.due_at) for r in runs] == [
        ("referral_check", at(2026, 12, 7, 7, 0)),
        ("retention", at(2026, 12, 7, 2, 30)),
    ]
    assert DBTaskResult.objects.count() == 2
    assert schedule_tick(now=at(2026, 12, 7, 16, 0, 5)) == ["appointment_reminders"]


@override_settings(TASKS=DATABASE_TASKS)
def test_no_referral_check_on_sunday() -> None:
    assert schedule_tick(now=at(2026, 12, 6, 7, 0, 20)) == ["retention"]


@override_settings(
    TASKS=DATABASE_TASKS,
    WORKER_SCHEDULE={"retention": ("eenloket.audit.tasks.retention_daily", None)},
)
def test_a_job_switched_off_is_never_queued() -> None:
    assert schedule_tick(now=at(2026, 12, 7, 2, 30, 5)) == []


# The worker's loop closes connections it finds inside a transaction (django-tasks-db), as a
# long-running process should: this test runs outside the test's transaction.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_queues_and_runs_the_due_jobs_and_leaves_no_heartbeat() -> None:
    with time_machine.travel(at(2026, 12, 7, 7, 0, 20), tick=False):
        call_command("worker", "--batch")
    results = DBTaskResult.objects.order_by("task_path")
    assert [(r.task_path.rsplit(".", 1)[-1], r.status) for r in results] == [
        ("retention_daily", "SUCCESSFUL"),
        ("referrals_check_due", "SUCCESSFUL"),
    ]
    assert not WorkerHeartbeat.objects.exists()  # a clean stop says goodbye
