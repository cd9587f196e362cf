"""Who acts: the type of the `user` that pages, the API and services pass around.

`accounts` sits on the floor of the layers (next to `organisations`), so every app may import
this; `organisations` imports it only for type checking, being its sibling.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from eenloket.common.errors import PermissionDenied

from .models import User

# `request.user` as the pages and the API see it (AUTH_USER_MODEL is accounts.User). A service
# that the system also calls (tasks, retention, a resident's link) takes `Actor | None`, None
# meaning "nobody in particular": no worker to credit or check.
Actor: TypeAlias = User | AnonymousUser


def require_account(actor: Actor | None) -> User:
    """The signed-in account behind `actor`, for a foreign key or a filter that needs one.

    Services call this after their role check, which has already refused anyone not signed in,
    so it never refuses there; it shows that check to the type checker (instead of a cast)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("forbidden", "You may not do this in your role.")
    return actor


def api_actor(request: HttpRequest) -> Actor:
    """Who called the JSON API: the staff member its authentication (`eenloket.api`: session or
    token) let in, which django-ninja puts on `request.auth`."""
    # django-ninja sets `auth` on the request at run time; HttpRequest's stubs do not declare it.
    actor: Actor = request.auth  # type: ignore[attr-defined]
    return actor
