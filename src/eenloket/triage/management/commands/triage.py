"""`eenloket triage --jsonl`: triage situations with the loaded rules, one JSON line in, one out."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eenloket.common.jsonl import process_lines
from eenloket.triage.selectors import triage_engine

MAX_TEXT_CHARS = 10_000


class Command(BaseCommand):
    help = (
        'Read lines {"id": ..., "text": ...} on standard input; write lines {"id": ..., '
        '"agencies": [...], "topics": [...], "life_events": [...], "questions": [...], '
        '"explanations": [...]}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jsonl", action="store_true", help="JSON lines in and out.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["jsonl"]:
            raise CommandError("Only --jsonl is supported: eenloket triage --jsonl < cases.jsonl")
        engine = triage_engine()

        def answer(text: str) -> dict[str, Any]:
            return engine.triage(text).as_dict()

        lines, errors = process_lines(
            sys.stdin.buffer,
            self.stdout.write,
            field="text",
            max_chars=MAX_TEXT_CHARS,
            handle=answer,
        )
        if errors:
            self.stderr.write(f"{errors} of {lines} lines had errors; see their output lines.")
