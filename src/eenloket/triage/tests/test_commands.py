"""`eenloket search --jsonl`, `eenloket triage --jsonl` and `eenloket evaluate` on the loaded data."""

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[4]


def run(command: str, lines: list[bytes], monkeypatch) -> list[dict]:  # type: ignore[no-untyped-def]
    stdin = io.TextIOWrapper(io.BytesIO(b"\n".join(lines) + b"\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    out, err = io.StringIO(), io.StringIO()
    call_command(command, "--jsonl", stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()]


BAD_LINES = [
    b"",
    json.dumps({"id": "big", "query": "a" * 100_000, "text": "a" * 100_000}).encode(),
    b"\x00\xff\xfe binary \x89PNG",
    b"not json",
    b'["a", "list"]',
    b'{"id": "no-field"}',
    b'{"id": "blank", "query": "  ", "text": "  "}',
]


def test_search_answers_every_line_and_goes_on_after_bad_ones(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    good = json.dumps({"id": "q1", "query": "pensioen van de staat"}).encode()
    output = run("search", [*BAD_LINES, good], monkeypatch)
    assert len(output) == len(BAD_LINES) + 1
    for line in output[:-1]:
        assert line["error"]["code"] and line["error"]["message"]
    assert output[1]["id"] == "big" and output[1]["error"]["code"] == "too_long"
    assert output[2]["error"]["code"] == "not_text"
    assert output[0]["error"]["code"] == "empty"
    last = output[-1]
    assert last["id"] == "q1"
    assert 1 <= len(last["results"]) <= 10
    assert set(last["results"][0]) == {"article", "title", "topics"}
    assert "svb.aow" in last["results"][0]["topics"]


def test_triage_answers_every_line_and_goes_on_after_bad_ones(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    good = json.dumps({"id": 7, "text": "Ik ben ontslagen en kan de huur niet betalen"}).encode()
    output = run("triage", [*BAD_LINES, good], monkeypatch)
    assert all("error" in line for line in output[:-1])
    last = output[-1]
    assert last["id"] == 7
    assert set(last) == {"id", "agencies", "topics", "life_events", "questions", "explanations"}
    assert "uwv" in last["agencies"] and "uwv.ww" in last["topics"]
    assert "baan_kwijt" in last["life_events"]
    assert all(e["because"] for e in last["explanations"])


def test_evaluate_prints_the_figures(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    call_command("evaluate", stdout=out)
    text = out.getvalue()
    assert "agencies" in text and "topics" in text and "precision" in text and "recall" in text
    assert "hit@3" in text
