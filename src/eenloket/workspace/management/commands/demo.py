from typing import Any

from django.core.management.base import BaseCommand, CommandError

from eenloket.demo import DEMO_PASSWORD, DemoRefused, demo_allowed, load_demo
from eenloket.demo_month import load_month


class Command(BaseCommand):
    help = "Load or refresh the demo data (idempotent). Creates demo accounts with password 'demo'."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo_allowed()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        accounts = load_demo()
        days = load_month()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded ({days} past working days added for the insights)."
                f" Demo accounts (password: {DEMO_PASSWORD}):"
            )
        )
        for username, role in accounts.items():
            self.stdout.write(f"  {username:<24} {role}")
