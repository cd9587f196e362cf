"""The register of processing activities (AVG art. 30), shipped as data with the code.

Every line of the access log names one of these activities; `access_log_record` refuses any
other, so the register cannot fall behind the code without a test failing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

REGISTER = Path(__file__).parent / "data" / "processing_register.json"


@dataclass(frozen=True)
class Activity:
    code: str
    name: str
    purpose: str
    legal_basis: str
    data_subjects: str
    data_categories: str
    recipients: str
    retention: str  # a key of settings.RETENTION_DAYS

    @property
    def retention_days(self) -> int:
        return int(settings.RETENTION_DAYS[self.retention])


@cache
def _load() -> tuple[str, dict[str, Activity]]:
    data = json.loads(REGISTER.read_text(encoding="utf-8"))
    activities = {item["code"]: Activity(**item) for item in data["activities"]}
    return data["controller"], activities


def controller() -> str:
    return _load()[0]


def activities() -> list[Activity]:
    return list(_load()[1].values())


def activity(code: str) -> Activity:
    """The activity with this code; a `KeyError` names a purpose missing from the register."""
    try:
        return _load()[1][code]
    except KeyError:
        raise KeyError(f"processing activity {code!r} is not in the register") from None
