"""`eenloket search --jsonl`: search the loaded knowledge base, one JSON line in, one out."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eenloket.common.jsonl import process_lines
from eenloket.knowledge.selectors import command_search

MAX_QUERY_CHARS = 500


class Command(BaseCommand):
    help = (
        'Read lines {"id": ..., "query": ...} on standard input; write lines '
        '{"id": ..., "results": [{"article": ..., "title": ..., "topics": [...]}]} (best first).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jsonl", action="store_true", help="JSON lines in and out.")
        parser.add_argument("--limit", type=int, default=10, help="Results per query (max 10).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["jsonl"]:
            raise CommandError("Only --jsonl is supported: eenloket search --jsonl < queries.jsonl")
        limit = max(1, min(10, options["limit"]))

        def answer(query: str) -> dict[str, Any]:
            return {"results": command_search(query, limit=limit)}

        lines, errors = process_lines(
            sys.stdin.buffer,
            self.stdout.write,
            field="query",
            max_chars=MAX_QUERY_CHARS,
            handle=answer,
        )
        if errors:
            self.stderr.write(f"{errors} of {lines} lines had errors; see their output lines.")
