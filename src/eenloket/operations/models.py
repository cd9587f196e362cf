"""What the running platform knows about itself: the background worker's heartbeat and the
scheduled jobs it has queued. No personal data."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running `eenloket worker`, refreshed while it runs; readiness reads it."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class ScheduledRun(models.Model):
    """A scheduled job queued for one due time. The unique pair is the claim: with several
    workers running, exactly one of them queues each run."""

    job = models.CharField(max_length=64)
    due_at = models.DateTimeField()
    queued_at = models.DateTimeField()
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="scheduled_run_once"),
        ]
        indexes = [models.Index(fields=["job", "-due_at"])]

    def __str__(self) -> str:
        return f"{self.job} @ {self.due_at:%Y-%m-%d %H:%M}"
