"""The knowledge search engine: plain Python without Django, fed with articles.

Ranking is BM25 over weighted fields (title and keywords count most), on Dutch stems, so
"uitkeringen" finds "uitkering". The words people really use are handled in three ways:
- synonyms: a phrase in the query ("pensioen van de staat") adds the words it stands for
  ("aow"); the synonyms are data, maintained with the knowledge base;
- spelling: a query word the index does not know is corrected to its nearest indexed word;
- topic hints: the caller may pass topics it recognised in the query (the triage vocabulary
  does this), and articles about those topics rank higher.
The last query word may be unfinished while someone types: it also matches words that start
with it.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from eenloket.common.text import STOP_WORDS, Corrector, fold, stem, terms, words

FIELD_WEIGHTS = {"title": 3.0, "keywords": 2.5, "summary": 1.5, "body": 1.0}
K1 = 1.2
B = 0.6
CORRECTED_WEIGHT = 0.7
PREFIX_WEIGHT = 0.5
SYNONYM_WEIGHT = 0.8
# Added to an article's score per hinted topic it covers, relative to the best text score.
TOPIC_BOOST = 0.6
MAX_PREFIX_EXPANSIONS = 8
# Results scoring below this share of the best result are noise, not answers.
MIN_RELATIVE_SCORE = 0.15
SNIPPET_WORDS = 28
MAX_SNIPPET_SENTENCES = 40

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Document:
    id: int
    slug: str
    title: str
    organisation: str
    topics: tuple[str, ...]
    audience: str
    summary: str = ""
    body: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float
    # The index terms the query stood for, to mark them in a snippet.
    terms: frozenset[str] = field(default=frozenset())

    @property
    def snippet(self) -> tuple[tuple[str, bool], ...]:
        """The sentence that holds most query words, as (text, marked) pieces, so a template
        can escape every piece. Computed only when a page shows it."""
        return snippet(self.document, self.terms)


@dataclass(frozen=True)
class Filters:
    organisation: str | None = None
    topic: str | None = None
    audiences: frozenset[str] | None = None

    def allows(self, doc: Document) -> bool:
        if self.organisation and doc.organisation != self.organisation:
            return False
        if self.topic and self.topic not in doc.topics:
            return False
        return not (self.audiences is not None and doc.audience not in self.audiences)


class SearchEngine:
    def __init__(
        self, documents: Iterable[Document], synonyms: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        self.documents: list[Document] = list(documents)
        raw: dict[str, dict[int, float]] = {}
        lengths: list[float] = []
        per_doc: list[dict[str, float]] = []
        for doc in self.documents:
            weighted: dict[str, float] = {}
            length = 0.0
            for name, weight in FIELD_WEIGHTS.items():
                text = " ".join(doc.keywords) if name == "keywords" else getattr(doc, name)
                field_terms = terms(text)
                length += weight * len(field_terms)
                for term in field_terms:
                    weighted[term] = weighted.get(term, 0.0) + weight
            lengths.append(length)
            per_doc.append(weighted)
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        count = len(self.documents)
        for index, weighted in enumerate(per_doc):
            norm = K1 * (1 - B + B * lengths[index] / (average or 1.0))
            for term, tf in weighted.items():
                raw.setdefault(term, {})[index] = tf * (K1 + 1) / (tf + norm)
        # BM25 with the idf folded into the postings, so a query only adds numbers up.
        self._postings: dict[str, dict[int, float]] = {}
        for term, postings in raw.items():
            idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
            self._postings[term] = {i: s * idf for i, s in postings.items()}
        self._sorted_terms = sorted(self._postings)
        self._audiences = frozenset(doc.audience for doc in self.documents)
        self._by_topic: dict[str, list[int]] = {}
        for index, doc in enumerate(self.documents):
            for topic in doc.topics:
                self._by_topic.setdefault(topic, []).append(index)
        self._corrector = Corrector(self._postings)
        self._synonyms = self._compile_synonyms(synonyms or {})

    @staticmethod
    def _compile_synonyms(
        synonyms: Mapping[str, Sequence[str]],
    ) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        compiled = []
        for phrase, meanings in synonyms.items():
            key = tuple(words(phrase))
            expansion = tuple(t for meaning in meanings for t in terms(meaning))
            if key and expansion:
                compiled.append((key, expansion))
        # Longest phrases first, so "uitkering na ontslag" wins over "uitkering".
        compiled.sort(key=lambda item: -len(item[0]))
        return compiled

    def _expand(self, query: str, partial_last: bool) -> list[tuple[str, float]]:
        """The weighted index terms a query stands for."""
        query_words = words(query)
        weighted: dict[str, float] = {}

        def add(term: str, weight: float) -> None:
            if weight > weighted.get(term, 0.0):
                weighted[term] = weight

        joined = " " + " ".join(query_words) + " "
        for key, expansion in self._synonyms:
            if " " + " ".join(key) + " " in joined:
                for term in expansion:
                    add(term, SYNONYM_WEIGHT)
        content = [w for w in query_words if w not in STOP_WORDS]
        for position, word in enumerate(content):
            term = stem(word)
            known = term in self._postings
            if known:
                add(term, 1.0)
            else:
                corrected = self._corrector.correct(term)
                if corrected:
                    add(corrected, CORRECTED_WEIGHT)
            is_last = position == len(content) - 1
            if partial_last and is_last and len(word) >= 3:
                start = bisect_left(self._sorted_terms, word)
                for candidate in self._sorted_terms[start : start + MAX_PREFIX_EXPANSIONS]:
                    if not candidate.startswith(word):
                        break
                    add(candidate, PREFIX_WEIGHT / 2 if known else PREFIX_WEIGHT)
        return list(weighted.items())

    def search(
        self,
        query: str,
        *,
        filters: Filters | None = None,
        topic_hints: Sequence[str] = (),
        limit: int = 10,
        partial: bool = False,
    ) -> list[Hit]:
        """The best articles for a query, best first."""
        filters = filters or Filters()
        scores: dict[int, float] = {}
        query_terms = self._expand(query, partial)
        for term, weight in query_terms:
            for index, score in self._postings.get(term, {}).items():
                scores[index] = scores.get(index, 0.0) + weight * score
        if topic_hints:
            boost = TOPIC_BOOST * (max(scores.values(), default=1.0) or 1.0)
            for topic in set(topic_hints):
                for index in self._by_topic.get(topic, ()):
                    scores[index] = scores.get(index, 0.0) + boost
        floor = MIN_RELATIVE_SCORE * max(scores.values(), default=0.0)
        if (
            filters.organisation
            or filters.topic
            or not self._audiences <= (filters.audiences or self._audiences)
        ):
            scores = {i: s for i, s in scores.items() if filters.allows(self.documents[i])}
        # Ties go to the article added first, so results are stable.
        best = heapq.nlargest(limit, scores, key=lambda i: (scores[i], -i))
        best_hits = [(i, scores[i]) for i in best if scores[i] > floor]
        matched_terms = frozenset(term for term, _ in query_terms)
        return [Hit(self.documents[i], s, matched_terms) for i, s in best_hits]


def snippet(doc: Document, matched_terms: frozenset[str]) -> tuple[tuple[str, bool], ...]:
    """The sentence of the summary or text that holds most query words, with those words marked."""
    best, best_score = "", -1
    for number, sentence in enumerate(_SENTENCE.split(f"{doc.summary}\n{doc.body}")):
        if number >= MAX_SNIPPET_SENTENCES:
            break
        if not sentence.strip():
            continue
        score = len(matched_terms.intersection(stem(w) for w in words(sentence)))
        if score > best_score:
            best, best_score = sentence, score
            if score == len(matched_terms):
                break
    pieces: list[tuple[str, bool]] = []
    shown = 0
    for token in re.split(r"(\w+)", best.strip()):
        if not token:
            continue
        is_word = token[0].isalnum()
        if is_word:
            shown += 1
            if shown > SNIPPET_WORDS:
                pieces.append(("…", False))
                break
        folded = fold(token)
        marked = is_word and folded not in STOP_WORDS and stem(folded) in matched_terms
        if pieces and pieces[-1][1] == marked:
            pieces[-1] = (pieces[-1][0] + token, marked)
        else:
            pieces.append((token, marked))
    return tuple(pieces)
