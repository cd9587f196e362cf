"""Text analysis shared by the search and triage engines: plain Python, no Django.

Both engines see text the same way: lower case, accents folded, split into words, Dutch
stop words dropped, every word reduced to its Snowball stem. Words the engines do not know
are corrected to the nearest known word (Levenshtein distance 1, or 2 for long words), so
"schulde" still finds "schulden" and "huurtoslag" still finds "huurtoeslag".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Common Dutch and English function words; they say nothing about the situation.
STOP_WORDS = frozenset(
    """
    de het een en of maar dat die dit deze der des den ik je jij u uw mijn mij me we wij ons onze
    hij zij ze zijn haar hun hen men er is was ben bent zijn waren wordt worden werd
    heb hebt heeft hebben had hadden kan kun kunt kunnen mag mogen moet moeten wil wilt willen
    zal zou zullen zouden ga gaat gaan doe doet doen in op aan van voor met bij naar om uit over
    onder tot als dan ook nog al wel niet te zo toch nu hoe wat wie waar wanneer waarom welke
    welk mee even heel erg veel weer echt graag omdat want dus toen sinds na door tegen zonder
    the a an and or but of to in on at for with by from is are was were be been am i my me you
    your we our it its this that these those do does did have has had can could would should
    will how what who where when why which there here not no please about
    """.split()  # noqa: SIM905 - a word list reads best as text
)

_WORD = re.compile(r"[a-z0-9]+")
_stemmer = Stemmer.Stemmer("dutch")


def fold(text: str) -> str:
    """Lower case with accents removed: 'Coördinatie' -> 'coordinatie'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of a text, stop words included (for snippets and phrases)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def terms(text: str) -> list[str]:
    """The stems of a text's meaningful words, in order."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def max_typos(term: str) -> int:
    """How many edits a word of this length may carry and still be recognised."""
    if len(term) < 5 or term.isdigit():
        return 0
    return 1 if len(term) < 9 else 2


class Corrector:
    """Maps unknown terms to the closest known term, so spelling mistakes still match."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.known = frozenset(vocabulary)
        self._choices = sorted(t for t in self.known if len(t) >= 4)
        self._cache: dict[str, str | None] = {}

    def correct(self, term: str) -> str | None:
        """The term itself when known, else its nearest known neighbour, else None."""
        if term in self.known:
            return term
        if term in self._cache:
            return self._cache[term]
        found: str | None = None
        limit = max_typos(term)
        if limit:
            # People rarely get the first letter wrong; requiring it keeps "moete" from
            # becoming "boete".
            start = bisect_left(self._choices, term[0])
            end = bisect_left(self._choices, chr(ord(term[0]) + 1))
            match = process.extractOne(
                term, self._choices[start:end], scorer=Levenshtein.distance, score_cutoff=limit
            )
            if match is not None:
                found = match[0]
        if len(self._cache) > 50000:
            self._cache.clear()
        self._cache[term] = found
        return found
