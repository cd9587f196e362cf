"""The explainable triage engine: a resident's own words -> organisations, topics, life events,
follow-up questions, and for each suggestion the words or answers that led to it.

Plain Python without Django. The knowledge is data (rules and follow-up questions that
knowledge managers read and change); this module only applies it:

- A rule fires when one of its phrases occurs in the text, and, when the rule has `requires`
  phrases, one of those occurs too; it does not fire when one of its `unless` phrases occurs.
- A phrase matches when its words occur in that order, with at most two other meaningful
  words in between ("baan kwijt" matches "mijn baan ben ik sinds maart kwijt"). Words are
  compared by their stem, spelling mistakes in the text are corrected to the rules' vocabulary
  (same first letter), and a phrase word of six letters or more also matches inside a compound
  ("toeslag" in "zorgtoeslagschuld").
- A fired rule adds its topics and life events and asks its follow-up questions. An answered
  question adds the topics of its answer. The organisations are the topics' prefixes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eenloket.common.text import STOP_WORDS, Corrector, stem, words

# How many other meaningful words may stand between two words of a phrase.
PHRASE_GAP = 2
# A phrase word of this length or longer also matches as the start or end of a compound.
COMPOUND_MIN = 6

ANSWERS_YES = frozenset({"ja", "yes", "j", "y", "true", "1"})
ANSWERS_NO = frozenset({"nee", "no", "n", "false", "0"})


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    phrases: tuple[str, ...]
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    life_events: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    code: str
    text: str
    text_en: str = ""
    yes_topics: tuple[str, ...] = ()
    yes_life_events: tuple[str, ...] = ()
    no_topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Explanation:
    code: str
    kind: str  # "topic", "life_event" or "agency"
    rule: str
    because: tuple[str, ...]  # the words in the text, or the answered question

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "rule": self.rule,
            "because": list(self.because),
        }


@dataclass
class Result:
    agencies: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    life_events: list[str] = field(default_factory=list)
    questions: list[FollowUp] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)

    def as_dict(self, language: str = "nl") -> dict[str, Any]:
        return {
            "agencies": self.agencies,
            "topics": self.topics,
            "life_events": self.life_events,
            "questions": [
                {"code": q.code, "text": q.text_en if language == "en" and q.text_en else q.text}
                for q in self.questions
            ],
            "explanations": [e.as_dict() for e in self.explanations],
        }


def _phrase_terms(phrase: str) -> tuple[str, ...]:
    # Stop words stay out of phrases too, so "baan ben ik kwijt" and "baan kwijt" agree.
    return tuple(stem(w) for w in words(phrase) if w not in STOP_WORDS) or tuple(
        stem(w) for w in words(phrase)
    )


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    phrases: tuple[tuple[str, tuple[str, ...]], ...]
    requires: tuple[tuple[str, tuple[str, ...]], ...]
    unless: tuple[tuple[str, tuple[str, ...]], ...]


class _Text:
    """A text as the engine sees it: its stems in order, with the original words alongside."""

    def __init__(self, text: str, corrector: Corrector, compounds: frozenset[str]) -> None:
        raw = words(text)
        self.positions: dict[str, list[int]] = {}
        self.original: list[str] = []
        for word in raw:
            if word in STOP_WORDS:
                continue
            term = stem(word)
            position = len(self.original)
            self.original.append(word)
            candidates = {term}
            corrected = corrector.correct(term)
            if corrected:
                candidates.add(corrected)
            for cut in range(COMPOUND_MIN, len(term) - 1):
                if term[:cut] in compounds:
                    candidates.add(term[:cut])
                if len(term) - cut >= COMPOUND_MIN and term[cut:] in compounds:
                    candidates.add(term[cut:])
            for candidate in candidates:
                self.positions.setdefault(candidate, []).append(position)

    def find(self, terms: tuple[str, ...]) -> tuple[int, int] | None:
        """First and last position of the phrase's words in order with small gaps, or None."""
        if not terms:
            return None
        for start in self.positions.get(terms[0], ()):
            end = start
            for term in terms[1:]:
                following = [
                    p for p in self.positions.get(term, ()) if end < p <= end + 1 + PHRASE_GAP
                ]
                if not following:
                    break
                end = following[0]
            else:
                return start, end
        return None

    def words_between(self, span: tuple[int, int]) -> str:
        return " ".join(self.original[span[0] : span[1] + 1])


class TriageEngine:
    def __init__(self, rules: Iterable[Rule], questions: Iterable[FollowUp]) -> None:
        self.questions = {q.code: q for q in questions}
        compiled = []
        vocabulary: set[str] = set()
        for rule in rules:
            groups = []
            for phrases in (rule.phrases, rule.requires, rule.unless):
                group = tuple((p, _phrase_terms(p)) for p in phrases if _phrase_terms(p))
                groups.append(group)
                for _, terms in group:
                    vocabulary.update(terms)
            compiled.append(_Compiled(rule, groups[0], groups[1], groups[2]))
        self._rules = tuple(compiled)
        self._corrector = Corrector(vocabulary)
        self._compounds = frozenset(t for t in vocabulary if len(t) >= COMPOUND_MIN)

    def _first_match(
        self, text: _Text, group: tuple[tuple[str, tuple[str, ...]], ...]
    ) -> str | None:
        for _, terms in group:
            span = text.find(terms)
            if span is not None:
                return text.words_between(span)
        return None

    def triage(self, text: str, answers: Mapping[str, str] | None = None) -> Result:
        """Apply every rule to the text and the answers given so far."""
        seen = _Text(text, self._corrector, self._compounds)
        result = Result()
        topics: dict[str, None] = {}
        life_events: dict[str, None] = {}
        asked: dict[str, None] = {}

        def suggest(kind: str, codes: Iterable[str], rule: str, because: tuple[str, ...]) -> None:
            target = topics if kind == "topic" else life_events
            for code in codes:
                if code not in target:
                    target[code] = None
                    result.explanations.append(Explanation(code, kind, rule, because))

        for compiled in self._rules:
            matched = self._first_match(seen, compiled.phrases)
            if matched is None:
                continue
            because: tuple[str, ...] = (matched,)
            if compiled.requires:
                context = self._first_match(seen, compiled.requires)
                if context is None:
                    continue
                if context != matched:
                    because = (matched, context)
            if compiled.unless and self._first_match(seen, compiled.unless) is not None:
                continue
            rule = compiled.rule
            suggest("topic", rule.topics, rule.code, because)
            suggest("life_event", rule.life_events, rule.code, because)
            for code in rule.questions:
                if code in self.questions:
                    asked[code] = None

        for code, answer in (answers or {}).items():
            question = self.questions.get(code)
            if question is None:
                continue
            reply = answer.strip().lower()
            because = (f"{question.text} {reply}",)
            if reply in ANSWERS_YES:
                suggest("topic", question.yes_topics, f"vraag:{code}", because)
                suggest("life_event", question.yes_life_events, f"vraag:{code}", because)
            elif reply in ANSWERS_NO:
                suggest("topic", question.no_topics, f"vraag:{code}", because)

        answered = set(answers or {})
        result.topics = sorted(topics)
        result.life_events = sorted(life_events)
        result.agencies = sorted({code.split(".", 1)[0] for code in topics})
        result.questions = [self.questions[c] for c in asked if c not in answered]
        return result


def rules_from_data(data: Mapping[str, Any]) -> tuple[list[Rule], list[FollowUp]]:
    """Build rules and questions from the JSON shape of the seed file and the database."""
    rules = [
        Rule(
            code=r["code"],
            label=r.get("label", r["code"]),
            phrases=tuple(r.get("phrases", ())),
            requires=tuple(r.get("requires", ())),
            unless=tuple(r.get("unless", ())),
            topics=tuple(r.get("topics", ())),
            life_events=tuple(r.get("life_events", ())),
            questions=tuple(r.get("questions", ())),
        )
        for r in data.get("rules", ())
    ]
    questions = [
        FollowUp(
            code=q["code"],
            text=q["text"],
            text_en=q.get("text_en", ""),
            yes_topics=tuple(q.get("yes_topics", ())),
            yes_life_events=tuple(q.get("yes_life_events", ())),
            no_topics=tuple(q.get("no_topics", ())),
        )
        for q in data.get("questions", ())
    ]
    return rules, questions
