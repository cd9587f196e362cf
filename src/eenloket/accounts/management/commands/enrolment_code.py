from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from eenloket.accounts.models import User
from eenloket.accounts.services import enrolment_code_issue


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment code with which a staff account links its authenticator app "
        "(the first administrator after createsuperuser, or anyone who lost their app). It "
        "replaces the account's earlier code and removes its app and recovery codes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account named {options['username']!r}.")
        code, raw = enrolment_code_issue(user=user, issued_by=None)
        until = timezone.localtime(code.expires_at).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(raw)
        self.stderr.write(
            f"Enrolment code for {user.get_username()}, valid once until {until}. Give it to them "
            "yourself; they type it at their next login to link their authenticator app."
        )
