"""`eenloket evaluate`: measure triage and search against labelled sets of situations and queries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eenloket.knowledge.selectors import command_search
from eenloket.triage.evaluation import hit_at, triage_report
from eenloket.triage.selectors import triage_engine


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cases.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}:{number}: not valid JSON ({error.msg})") from None
    return cases


class Command(BaseCommand):
    help = "Print precision, recall and F1 of triage, and hit@3 of search, on labelled sets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--triage", type=Path, default=Path("evaluation/triage_dev.jsonl"))
        parser.add_argument("--search", type=Path, default=Path("evaluation/search_dev.jsonl"))
        parser.add_argument("--misses", action="store_true", help="Also list every miss.")

    def handle(self, *args: Any, **options: Any) -> None:
        engine = triage_engine()
        cases = _read(options["triage"])
        scores, misses = triage_report(cases, lambda text: engine.triage(text).as_dict())
        self.stdout.write(f"Triage on {options['triage']} ({len(cases)} situations)")
        for key, score in scores.items():
            self.stdout.write("  " + score.line(key))
        if options["misses"]:
            for miss in misses:
                self.stdout.write("    " + json.dumps(miss, ensure_ascii=False))

        queries = _read(options["search"])

        def ranked(query: str) -> list[list[str]]:
            return [result["topics"] for result in command_search(query, limit=10)]

        hit3, search_misses = hit_at(queries, ranked, k=3)
        hit1, _ = hit_at(queries, ranked, k=1)
        self.stdout.write(f"Search on {options['search']} ({len(queries)} queries)")
        self.stdout.write(f"  hit@1 {hit1:.3f}  hit@3 {hit3:.3f}")
        if options["misses"]:
            for miss in search_misses:
                self.stdout.write("    " + json.dumps(miss, ensure_ascii=False))
