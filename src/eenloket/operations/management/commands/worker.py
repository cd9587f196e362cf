"""`eenloket worker`: the one background process. It runs the queued tasks (mail reminders,
referral checks, retention) and queues the daily jobs at their times (settings.WORKER_SCHEDULE),
so no cron lines are needed. SIGTERM or Ctrl-C lets a running task finish, then it stops."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from eenloket.operations import scheduler

logger = logging.getLogger("eenloket.worker")


class Schedule(threading.Thread):
    """Every `every` seconds: a heartbeat, then the scheduled jobs that are due."""

    def __init__(self, *, worker_id: str, every: float) -> None:
        super().__init__(name="eenloket-schedule", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def tick(self) -> None:
        scheduler.heartbeat(worker_id=self.worker_id, started_at=self.started_at)
        scheduler.schedule_tick()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.tick()
            except Exception:
                # A database hiccup must not end the schedule; the next tick tries again.
                logger.exception("schedule tick failed")
            finally:
                connection.close()  # this thread's own connection
            self.stopping.wait(self.every)


class Command(BaseCommand):
    help = (
        "Run background work: queued tasks and the daily jobs at their times. "
        "SIGTERM lets the running task finish, then stops."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks for queued tasks"
        )
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=30.0,
            help="seconds between heartbeats and checks of the schedule",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="queue what is due, run every queued task, then stop (for scripts and tests)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = scheduler.worker_id_new()
        schedule = Schedule(worker_id=worker_id, every=options["schedule_every"])
        worker = Worker(
            queue_names=["*"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        logger.info("worker started", extra={"worker_id": worker_id})
        if options["batch"]:
            schedule.tick()
        else:
            schedule.start()
            worker.configure_signals()
        try:
            worker.run()
        finally:
            schedule.stopping.set()
            close_old_connections()
            scheduler.heartbeat_end(worker_id=worker_id)
            logger.info("worker stopped", extra={"worker_id": worker_id})
