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
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))
