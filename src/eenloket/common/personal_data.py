"""The registry of personal data: every app declares, in its own `privacy.py`, which of its models
hold a resident's data, how to find one resident's rows, how they appear in the resident's copy,
how long they are kept and what they belong to. The privacy tasks (inzage, copy, erasure,
retention: `audit.rights`, `audit.retention`) walk this registry and import no domain app. It
lives on the floor (`common`) so that every app, `operations` included, can declare.

Declarations are found when the apps are ready (`AuditConfig.ready` imports every installed app's
`privacy` module). A model an app keeps that holds nobody's personal data is declared too, with
the reason (`not_personal`), so that a test can insist every model is accounted for.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from eenloket.common.models import history_purge

Row = Any
CHUNK = 500  # rows per DELETE/UPDATE: well under SQLite's limit on query parameters


@dataclass(frozen=True)
class PersonalData:
    """One model that holds a resident's personal data, and how the privacy tasks treat it.

    - `resident`: lookup paths from a row to the resident (`"resident"`,
      `"help_request__resident"`); a row is the resident's when any path leads to them. Empty for
      data that is about nobody in particular once stored (the access log keeps ids only).
    - `section`, `export`, `order_by`: the rows in the resident's copy (AVG art. 15 and 20).
    - `retention`: the `settings.RETENTION_DAYS` key; `expired(now)` gives the rows past it.
    - `part_of`, `via`: the row goes when the row it belongs to goes (`via` names the field).
    - `busy(resident_id)`: why the resident cannot be erased yet (the counter is still helping).
    - `anonymise`: these fields are blanked instead of deleting the row (the row stays for the
      figures, nobody can be found in it any more).
    - `subject`: the resident's own record; it goes last, and by retention only when nothing else
      in the registry is about them.
    """

    model: type[models.Model]
    about: str
    resident: tuple[str, ...] = ()
    section: str = ""
    export: Callable[[Row], dict[str, Any]] | None = None
    order_by: tuple[str, ...] = ("pk",)
    retention: str = ""
    expired: Callable[[dt.datetime], QuerySet[Any]] | None = None
    part_of: str = ""  # the parent model's label, "contacts.HelpRequest" (apps stay unimported)
    via: str = ""
    busy: Callable[[int], str | None] | None = None
    anonymise: Mapping[str, Any] | None = None
    subject: bool = False

    @property
    def label(self) -> str:
        return str(self.model._meta.label)

    def of_resident(self, resident_id: int) -> QuerySet[Any]:
        if not self.resident:
            return self.model._default_manager.none()
        condition = Q()
        for path in self.resident:
            condition |= Q(**{path: resident_id})
        return self.model._default_manager.filter(condition).distinct()


@dataclass
class _Registry:
    entries: dict[type[models.Model], PersonalData] = field(default_factory=dict)
    not_personal: dict[type[models.Model], str] = field(default_factory=dict)


_registry = _Registry()


def register(*entries: PersonalData) -> None:
    for entry in entries:
        if entry.model in _registry.entries:
            raise ValueError(f"{entry.label} is declared twice")
        if entry.part_of and not entry.via:
            raise ValueError(f"{entry.label}: part_of needs the field it is reached by (via)")
        if entry.retention and entry.retention not in settings.RETENTION_DAYS:
            raise ValueError(f"{entry.label}: no retention period called {entry.retention!r}")
        _registry.entries[entry.model] = entry


def not_personal(model: type[models.Model], why: str) -> None:
    """Declare a model that holds no resident's personal data, and say why."""
    _registry.not_personal[model] = why


def entries() -> list[PersonalData]:
    """Every declaration, parents after the rows that point at them (the order rows can go in)."""
    return _deletion_order(list(_registry.entries.values()))


def declared_not_personal() -> dict[type[models.Model], str]:
    return dict(_registry.not_personal)


def subject() -> PersonalData:
    (entry,) = (e for e in _registry.entries.values() if e.subject)
    return entry


def cutoff(kind: str, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.RETENTION_DAYS[kind])


def _deletion_order(items: list[PersonalData]) -> list[PersonalData]:
    """Children before parents: a model pointing at another declared model comes before it."""
    by_model = {e.model: e for e in items}
    done: list[PersonalData] = []
    seen: set[type[models.Model]] = set()

    def visit(entry: PersonalData, path: tuple[type[models.Model], ...]) -> None:
        if entry.model in seen:
            return
        if entry.model in path:
            raise ValueError(f"personal data points in a circle at {entry.label}")
        for other in sorted(items, key=lambda e: e.label):
            if other.model is not entry.model and _points_at(other.model, entry.model):
                visit(other, (*path, entry.model))
        seen.add(entry.model)
        done.append(entry)

    for entry in sorted(by_model.values(), key=lambda e: e.label):
        visit(entry, ())
    return done


def _points_at(model: type[models.Model], target: type[models.Model]) -> bool:
    return any(
        f.is_relation and f.concrete and f.related_model is target for f in model._meta.get_fields()
    )


def _chunks(pks: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(pks), CHUNK):
        yield pks[start : start + CHUNK]


def remove(chosen: Mapping[type[models.Model], set[Any]]) -> dict[str, int]:
    """Delete (or blank) the chosen rows of each declared model, with the rows that are part of
    them, children first. History tables go with their rows, so this is a `history_purge()`."""
    order = entries()
    rows = {e.model: set(chosen.get(e.model, ())) for e in order}
    # What belongs to a chosen row goes with it (parents come later in `order`, so walk back).
    for entry in reversed(order):
        parent = apps.get_model(entry.part_of) if entry.part_of else None
        if parent is not None and rows.get(parent):
            parents = list(rows[parent])
            for chunk in _chunks(parents):
                rows[entry.model].update(
                    entry.model._default_manager.filter(**{f"{entry.via}__in": chunk}).values_list(
                        "pk", flat=True
                    )
                )
    gone: Counter[str] = Counter()
    with history_purge():
        for entry in order:
            pks = sorted(rows[entry.model])
            for chunk in _chunks(pks):
                query = entry.model._default_manager.filter(pk__in=chunk)
                if entry.anonymise is not None:
                    n = query.exclude(**dict(entry.anonymise)).update(**dict(entry.anonymise))
                    if n:
                        gone[entry.label] += n
                else:
                    gone.update(query.delete()[1])
    return {kind: n for kind, n in gone.items() if n}


def anything_about(resident_pk: OuterRef) -> Q:
    """True for a resident that some declared row (other than their own record) is about."""
    condition = Q()
    for entry in _registry.entries.values():
        if entry.subject or entry.anonymise is not None:
            continue
        for path in entry.resident:
            condition |= Q(Exists(entry.model._default_manager.filter(**{path: resident_pk})))
    return condition
