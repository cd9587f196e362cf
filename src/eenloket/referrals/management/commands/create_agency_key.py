"""`eenloket create_agency_key <organisation code> <name>`: a key for an agency's own system."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eenloket.common.errors import DomainError
from eenloket.organisations.models import Organisation
from eenloket.referrals.services import agency_key_create


class Command(BaseCommand):
    help = "Create a bearer token and signing secret for an agency's or partner's own system."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Organisation code, e.g. uwv")
        parser.add_argument("name", help="What the key is for, e.g. 'UWV zaaksysteem'")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"unknown organisation: {options['organisation']}")
        try:
            _key, token, secret = agency_key_create(organisation=organisation, name=options["name"])
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write("Shown once; store both safely.")
        self.stdout.write(f"token:          {token}")
        self.stdout.write(f"signing secret: {secret}")
