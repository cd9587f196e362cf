"""Pages of the site itself rather than of a domain."""

from __future__ import annotations

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico on pages without an icon link (the plain 500 page)."""
    return HttpResponseRedirect(staticfiles_storage.url("eenloket/favicon.svg"))
