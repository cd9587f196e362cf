"""`eenloket check_referrals`: queue today's check of late and unaccepted referrals.

`eenloket worker` queues it at 07:00 on working days by itself (settings.WORKER_SCHEDULE)."""

from typing import Any

from django.core.management.base import BaseCommand

from eenloket.referrals.tasks import referrals_check_due


class Command(BaseCommand):
    help = "Queue the daily check of late and unaccepted referrals (run by `eenloket worker`)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = referrals_check_due.enqueue()
        self.stdout.write(f"queued {result.id} ({result.status})")
