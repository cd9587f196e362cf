"""The client's address, also behind the proxies we are told to trust."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or — behind `TRUSTED_PROXIES` proxies that each append to X-Forwarded-For —
    the address the outermost trusted proxy saw. Addresses further left are written by the
    client and can be anything, so they are never used."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies > 0:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


# The largest id a database column holds (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


def id_from(value: str | None) -> int:
    """A row id from a form field or a parameter, or 0, which names no row: anything but digits,
    and a number too large for the database, would otherwise fail in the query."""
    if value and value.isascii() and value.isdigit() and int(value) <= LARGEST_ID:
        return int(value)
    return 0
