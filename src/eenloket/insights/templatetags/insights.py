from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def cell(value: Any, kind: str = "") -> str:
    """A share as a percentage; a left-out (suppressed or unknown) value as a dash."""
    if value is None:
        return "–"
    if kind == "share":
        return f"{round(value * 100)}%"
    if kind == "date":
        return date_format(dt.date.fromisoformat(value), "j M Y")
    return str(value)
