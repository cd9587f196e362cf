from typing import Any

from django.http import HttpRequest

from .selectors import membership_of


def staff(request: HttpRequest) -> dict[str, Any]:
    return {"membership": membership_of(getattr(request, "user", None))}
