"""Model fields for free text people type about a resident: a BSN typed into one is replaced by
`common.bsn.BSN_MARKER` before it reaches the database, so the resident's own BSN field
(`residents.Resident.bsn_encrypted`, `bsn_hash`) is the only place a BSN lives.

Every way Django writes a value passes `get_db_prep_save`: `save()`, `create()`, model forms,
`QuerySet.update()`, `bulk_create()` and `bulk_update()`. `pre_save` masks as well, on the instance
itself, so what the page shows next is what was stored. The marker is longer than a BSN; the
words around it are shortened to keep within `max_length`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable

from .bsn import redact_bsns


def mask_free_text(value: Any, max_length: int | None) -> Any:
    """The value with every BSN replaced by the marker; anything but a string is left alone."""
    if isinstance(value, str) and value:
        return redact_bsns(value, max_length=max_length)
    return value


# Parametrised for mypy only (Django's fields are not generic at run time), so the model
# attributes stay `str`.
if TYPE_CHECKING:
    _TextField = models.TextField[str | Combinable, str]
    _CharField = models.CharField[str | int | Combinable, str]
else:
    _TextField = models.TextField
    _CharField = models.CharField


class FreeTextField(_TextField):
    """A `TextField` for free text about a resident: BSNs are masked before storage."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        masked = mask_free_text(value, self.max_length)
        if masked != value:
            setattr(model_instance, self.attname, masked)
        return masked

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        return super().get_db_prep_save(mask_free_text(value, self.max_length), connection)


class FreeCharField(_CharField):
    """A `CharField` for free text about a resident: BSNs are masked before storage."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        masked = mask_free_text(value, self.max_length)
        if masked != value:
            setattr(model_instance, self.attname, masked)
        return masked

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        return super().get_db_prep_save(mask_free_text(value, self.max_length), connection)
