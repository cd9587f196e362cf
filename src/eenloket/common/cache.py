"""A value built from the database, kept per app process, rebuilt when the data changed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class RevisionCache(Generic[T]):
    """`get()` returns the built value while `revision()` gives the same answer; the revision is
    one cheap query, so every process sees a change on its next request."""

    def __init__(self, revision: Callable[[], Any], build: Callable[[], T]) -> None:
        self._revision = revision
        self._build = build
        self._lock = threading.Lock()
        self._current: tuple[Any, T] | None = None

    def get(self) -> T:
        revision = self._revision()
        current = self._current
        if current is not None and current[0] == revision:
            return current[1]
        with self._lock:
            if self._current is not None and self._current[0] == revision:
                return self._current[1]
            value = self._build()
            self._current = (revision, value)
            return value
