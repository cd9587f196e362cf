"""Which staff may open a page: login first, then the role of the account's membership."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from eenloket.common.errors import NotFound

from .selectors import membership_of

View = Callable[..., HttpResponse]


def roles_required(roles: Iterable[str]) -> Callable[[View], View]:
    """Login first; then only the given roles may open the page (403 otherwise)."""
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_of(request.user)
            if membership is None or membership.role not in allowed:
                raise DjangoPermissionDenied
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404 from None

        return login_required(wrapped)

    return decorator
