"""Scoring the engines against labelled sets: plain Python, no Django."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    support: int

    def line(self, label: str) -> str:
        return (
            f"{label:<14} precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"F1 {self.f1:.3f}  (n={self.support})"
        )


def set_scores(pairs: Iterable[tuple[Iterable[str], Iterable[str]]]) -> Scores:
    """Micro-averaged precision, recall and F1 over (expected, predicted) code sets."""
    true_pos = false_pos = false_neg = count = 0
    for expected, predicted in pairs:
        want, got = set(expected), set(predicted)
        true_pos += len(want & got)
        false_pos += len(got - want)
        false_neg += len(want - got)
        count += 1
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, count)


def triage_report(
    cases: Sequence[Mapping[str, Any]], triage: Callable[[str], Mapping[str, Any]]
) -> tuple[dict[str, Scores], list[dict[str, Any]]]:
    """Scores for agencies, topics and life events, and the cases the engine got wrong."""
    outputs = [triage(case["text"]) for case in cases]
    scores = {
        key: set_scores((case[key], out[key]) for case, out in zip(cases, outputs, strict=True))
        for key in ("agencies", "topics", "life_events")
    }
    misses = [
        {
            "id": case["id"],
            "text": case["text"],
            "missing": sorted(set(case["topics"]) - set(out["topics"])),
            "extra": sorted(set(out["topics"]) - set(case["topics"])),
        }
        for case, out in zip(cases, outputs, strict=True)
        if set(case["topics"]) != set(out["topics"])
    ]
    return scores, misses


def hit_at(
    cases: Sequence[Mapping[str, Any]],
    search: Callable[[str], Sequence[Sequence[str]]],
    k: int = 3,
) -> tuple[float, list[dict[str, Any]]]:
    """Share of queries with a result about a right topic among the first k, and the misses.

    `search` returns, per result in rank order, that result's topic codes."""
    hits = 0
    misses = []
    for case in cases:
        ranked = search(case["query"])
        if any(set(topics) & set(case["topics"]) for topics in ranked[:k]):
            hits += 1
        else:
            misses.append(
                {
                    "id": case["id"],
                    "query": case["query"],
                    "expected": case["topics"],
                    "got": [list(t) for t in ranked[:k]],
                }
            )
    return (hits / len(cases) if cases else 0.0), misses
