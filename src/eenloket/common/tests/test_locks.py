"""A key lock holds until the transaction ends; other transactions cannot take the same key."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from eenloket.common.locks import _lock_id, lock_keys

pytestmark = pytest.mark.django_db(transaction=True)


def _free_elsewhere(key: str) -> bool:
    """Whether a transaction on another connection could take the key right now."""
    answer: list[bool] = []

    def attempt() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lock_id(key)])
                answer.append(cursor.fetchone()[0])
        finally:
            connection.close()

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join()
    return answer[0]


def test_a_key_lock_needs_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        lock_keys("portal.question.address:x")


@pytest.mark.postgres
def test_a_held_key_waits_for_the_commit() -> None:
    with transaction.atomic():
        lock_keys("portal.question.address:a", "portal.question.phone:+31612345678")
        assert not _free_elsewhere("portal.question.address:a")
        assert not _free_elsewhere("portal.question.phone:+31612345678")
        assert _free_elsewhere("portal.question.address:b")
    assert _free_elsewhere("portal.question.address:a")
