"""BSNs in free text (log lines, e-mails, what residents type): every number of 8 or 9 digits,
alone or split by spaces or dots, that passes the 11-test (python-stdnum). The resident's own BSN
field (validation, masking) is `residents.bsn`."""

from __future__ import annotations

import re

from stdnum.nl import bsn as stdnum_bsn

# Eight or nine digits standing alone, optionally split by spaces or dots (123 456 782, 1234.56.782):
# not part of a longer number or of a word, so the digits inside a link's random token (hex or
# base64) are no BSN; a full stop after it ends a sentence.
_BSN_SHAPED = re.compile(r"(?<![0-9A-Za-z_-])(?<!\d\.)\d(?:[ .]?\d){7,8}(?![0-9A-Za-z_-])(?!\.\d)")


def find_bsns(text: str) -> list[str]:
    """Every BSN-shaped number in the text that passes the 11-test."""
    found = []
    for match in _BSN_SHAPED.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == 9 and stdnum_bsn.is_valid(digits):
            found.append(match.group())
    return found


def redact_bsns(text: str, replacement: str = "[BSN]") -> str:
    """The text with every valid BSN replaced: for free text residents type in."""
    for number in find_bsns(text):
        text = text.replace(number, replacement)
    return text
