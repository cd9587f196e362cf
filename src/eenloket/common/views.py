"""Helpers shared by the staff pages: role checks and turning domain errors into form errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from eenloket.common.errors import DomainError, NotFound
from eenloket.organisations.selectors import membership_of

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


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
