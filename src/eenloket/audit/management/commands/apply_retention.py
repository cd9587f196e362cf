"""`eenloket apply_retention`: queue today's deletion of what is past its retention period.

`eenloket worker` queues it every night by itself (settings.WORKER_SCHEDULE) and runs it.
`--now` runs it at once in this process and prints what went."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from eenloket.audit.retention import retention_apply
from eenloket.audit.tasks import retention_daily


class Command(BaseCommand):
    help = "Queue (or with --now: run) the daily deletion of records past their retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="run now instead of queueing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            gone = retention_apply()
            for kind, n in sorted(gone.items()):
                self.stdout.write(f"{kind}: {n}")
            self.stdout.write(f"deleted {sum(gone.values())} records")
            return
        result = retention_daily.enqueue()
        self.stdout.write(f"queued {result.id} ({result.status})")
