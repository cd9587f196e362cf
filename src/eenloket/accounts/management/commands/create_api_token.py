from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eenloket.accounts.models import User
from eenloket.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a staff account and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account named {options['username']!r}.")
        _, raw = api_token_create(user=user, name=options["name"])
        self.stdout.write(raw)
