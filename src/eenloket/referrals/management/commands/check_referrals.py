"""`eenloket check_referrals`: queue today's check of late and unaccepted referrals.

Schedule it once a day (cron `0 7 * * 1-5`, a systemd timer, …); `eenloket db_worker` runs it."""

from typing import Any

from django.core.management.base import BaseCommand

from eenloket.referrals.tasks import referrals_check_due


class Command(BaseCommand):
    help = "Queue the daily check of late and unaccepted referrals (run by `eenloket db_worker`)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = referrals_check_due.enqueue()
        self.stdout.write(f"queued {result.id} ({result.status})")
