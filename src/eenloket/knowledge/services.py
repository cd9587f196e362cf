"""Writes of knowledge reference data."""

from __future__ import annotations

from typing import Any

from .reference import AGENCIES, LIFE_EVENTS, TOPICS


def reference_data_load(
    *, organisation_model: Any, topic_model: Any, life_event_model: Any
) -> None:
    """Create or refresh the stable agencies, topics and life events; takes models so a
    migration can pass its historical ones."""
    for code, name, website in AGENCIES:
        organisation_model.objects.update_or_create(
            code=code, defaults={"name": name, "kind": "agency", "website": website}
        )
    for code, name in TOPICS:
        topic_model.objects.update_or_create(
            code=code, defaults={"name": name, "organisation_code": code.split(".")[0]}
        )
    for code, name in LIFE_EVENTS:
        life_event_model.objects.update_or_create(code=code, defaults={"name": name})
