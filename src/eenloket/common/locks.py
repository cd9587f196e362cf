"""Locks on a name rather than a row, for a check that counts rows and then adds one."""

from __future__ import annotations

import hashlib

from django.db import connection


def _lock_id(key: str) -> int:
    """A signed 64-bit number for the key, as PostgreSQL's advisory locks take it. Two keys
    with the same number only wait for each other; they never get past each other."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


def lock_keys(*keys: str) -> None:
    """Wait until no other transaction holds any of these keys, then hold them until this
    transaction commits or rolls back, so a count and the insert it allows happen as one.

    PostgreSQL: a transaction-level advisory lock per key, taken in one order everywhere so two
    callers never wait for each other in a circle. SQLite needs nothing more: its transactions
    start with BEGIN IMMEDIATE (`transaction_mode` in common/config.py), one writer at a time."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_keys() holds its locks until the transaction ends: call it in one")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for lock_id in sorted({_lock_id(key) for key in keys if key}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
