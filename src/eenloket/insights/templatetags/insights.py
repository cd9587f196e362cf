from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def cell(value: Any, kind: str = "") -> str:
    """A share as a percentage; a left-out (suppressed or unknown) value as a dash."""
    if value is None:
        return "–"
    if kind == "share":
        return f"{round(value * 100)}%"
    return str(value)
