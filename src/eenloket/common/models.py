"""Base models. History (timelines, events, versions, the access log) derives from
`AppendOnlyModel`: rows are added, never changed, and deleted only inside `history_purge()`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils.translation import gettext_lazy as _

from .errors import AppendOnlyError


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


_purging: ContextVar[bool] = ContextVar("eenloket_history_purge", default=False)


def _purge_flag(using: str, *, on: bool) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL eenloket.history_purge = 'on'"
                if on
                else "SET LOCAL eenloket.history_purge = 'off'"
            )


@contextmanager
def history_purge(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """The one way to delete history: retention and erasure (with what cascades from a help
    request or referral they delete). Runs in a transaction; on PostgreSQL the append-only
    triggers then let DELETE (never UPDATE) through, until the block ends."""
    if _purging.get():
        yield
        return
    with transaction.atomic(using=using):
        token = _purging.set(True)
        try:
            _purge_flag(using, on=True)
            yield
            # SET LOCAL lasts until the outer transaction ends; close it again now. (After an
            # error, rolling back the savepoint undoes it.)
            _purge_flag(using, on=False)
        finally:
            _purging.reset(token)


def _refuse(model: type[models.Model]) -> AppendOnlyError:
    return AppendOnlyError(f"{model._meta.label} is append-only: history is never changed")


_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> int:
        raise _refuse(self.model)

    def delete(self) -> tuple[int, dict[str, int]]:
        if not _purging.get():
            raise _refuse(self.model)
        return super().delete()


class AppendOnlyModel(models.Model):
    """A row of history: inserted once, never updated; deleted only inside `history_purge()`.
    On PostgreSQL a trigger per table refuses the same in SQL (common migration 0001)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise _refuse(type(self))
        # A new instance with a primary key set would otherwise update the existing row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if not _purging.get():
            raise _refuse(type(self))
        return super().delete(*args, **kwargs)


class IdempotentRequest(models.Model):
    """A POST answered under an `Idempotency-Key`: a repeat by the same caller gets this answer.

    The caller is text (`accounts.user:5`, `referrals.agencykey:3`) so that `common` stays free of
    the apps. The row is written before the operation runs, in the same transaction, so the
    unique constraint lets only one of two simultaneous requests with one key go through."""

    caller = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    operation = models.TextField()  # "POST /api/contacts"
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the method, path and body
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["caller", "key"], name="idempotency_key_once_per_caller"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operation} ({self.caller})"
