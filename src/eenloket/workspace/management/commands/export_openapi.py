"""Write the OpenAPI document; CI compares the committed docs/openapi.json with a fresh export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from eenloket.api import api


def openapi_document() -> str:
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document of the JSON API (default: standard output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        document = openapi_document()
        if options["output"]:
            options["output"].write_text(document, encoding="utf-8")
        else:
            self.stdout.write(document, ending="")
