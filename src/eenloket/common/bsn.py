"""BSNs in free text (log lines, e-mails, what residents and staff type): every number of nine
digits, alone or split by spaces, dots or dashes, that passes the 11-test (python-stdnum). The
resident's own BSN field (validation, masking) is `residents.bsn`; free-text model fields mask
with `common.fields`."""

from __future__ import annotations

import re

from stdnum.nl import bsn as stdnum_bsn

# What stands where a BSN was typed: one wording everywhere, so readers learn it.
BSN_MARKER = "[BSN verwijderd]"

# Eight or nine digits standing alone, optionally split by spaces, dots or dashes (123 456 782,
# 1234.56.782, 123-456-782): not part of a longer number or of a word, so the digits inside a
# link's random token (hex or base64) are no BSN; a full stop after it ends a sentence.
_BSN_SHAPED = re.compile(r"(?<![0-9A-Za-z_-])(?<!\d\.)\d(?:[ .-]?\d){7,8}(?![0-9A-Za-z_-])(?!\.\d)")
# A country code just before: the nine digits are a phone number (+31 6 12345678, 0031 20 …).
_PHONE_PREFIX = re.compile(r"(?:\+|(?<!\d)00)\d{1,3}[ .-]?(?:\(0\)[ .-]?)?$")


def _bsn_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _BSN_SHAPED.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) != 9 or not stdnum_bsn.is_valid(digits):
            continue
        if _PHONE_PREFIX.search(text, 0, match.start()):
            continue
        spans.append(match.span())
    return spans


def find_bsns(text: str) -> list[str]:
    """Every BSN-shaped number in the text that passes the 11-test."""
    return [text[start:end] for start, end in _bsn_spans(text)]


def redact_bsns(text: str, replacement: str = BSN_MARKER, *, max_length: int | None = None) -> str:
    """The text with every valid BSN replaced. With `max_length`, the result still fits: the
    words around the markers are shortened (from the end), never a marker."""
    spans = _bsn_spans(text)
    if not spans:
        return text
    # Alternating: text, marker, text, marker, …, text.
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += [text[last:start], replacement]
        last = end
    parts.append(text[last:])
    if max_length is not None:
        excess = sum(map(len, parts)) - max_length
        for i in range(len(parts) - 1, -1, -2):
            if excess <= 0:
                break
            keep = max(len(parts[i]) - excess, 0)
            excess -= len(parts[i]) - keep
            parts[i] = parts[i][:keep]
        return "".join(parts)[:max_length]
    return "".join(parts)
