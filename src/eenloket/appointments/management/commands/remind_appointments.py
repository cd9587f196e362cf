"""`eenloket remind_appointments`: queue the day-before reminders; `eenloket worker` queues it at 16:00 by itself."""

from typing import Any

from django.core.management.base import BaseCommand

from eenloket.appointments.tasks import appointments_remind


class Command(BaseCommand):
    help = "Queue the reminders for tomorrow's appointments (run by `eenloket worker`)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = appointments_remind.enqueue()
        self.stdout.write(f"queued {result.id} ({result.status})")
