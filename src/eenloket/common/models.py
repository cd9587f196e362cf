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
