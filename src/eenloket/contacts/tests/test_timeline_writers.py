"""The timeline has one writer: `contacts.timeline`. Any other module that creates timeline rows
(as referrals, residents and appointments once did, one with the wrong kind) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import eenloket

SRC = Path(eenloket.__file__).resolve().parent
WRITER = SRC / "contacts" / "timeline.py"
WRITES = re.compile(r"(?<!class )TimelineEvent(\.objects\.(create|bulk_create|get_or_create)|\()")


def test_only_contacts_timeline_writes_the_timeline() -> None:
    writers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path != WRITER
        and WRITES.search(path.read_text(encoding="utf-8"))
    )
    assert writers == []
