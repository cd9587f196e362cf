"""The BSN at rest: encrypted (AES-256-GCM) with a key from the environment, and found again by
a keyed hash (HMAC-SHA256), so the database alone reveals no BSN and cannot be searched by one.

Both keys are derived (HKDF) from one secret, `EENLOKET_DATA_KEY` — 32 random bytes, urlsafe
base64 — which production must set and keep apart from database backups. A stored value starts
with its key version (`v1:`), so a later key can be introduced next to this one."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"


@cache
def _keys(secret: str) -> tuple[bytes, bytes]:
    try:
        master = base64.urlsafe_b64decode(secret.encode() + b"=" * (-len(secret) % 4))
    except ValueError:
        master = b""
    if len(master) < 32:
        raise ImproperlyConfigured(
            "EENLOKET_DATA_KEY must be 32 random bytes in urlsafe base64 "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )

    def derive(label: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(master)

    return derive(b"eenloket bsn encryption"), derive(b"eenloket bsn lookup")


def _encryption_key() -> bytes:
    return _keys(settings.DATA_KEY)[0]


def _lookup_key() -> bytes:
    return _keys(settings.DATA_KEY)[1]


def encrypt(bsn: str) -> str:
    if not bsn:
        return ""
    nonce = os.urandom(12)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, bsn.encode(), VERSION.encode())
    return f"{VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    version, _, payload = stored.partition(":")
    if version != VERSION:
        raise ValueError(f"unknown BSN key version {version!r}")
    raw = base64.urlsafe_b64decode(payload.encode())
    return AESGCM(_encryption_key()).decrypt(raw[:12], raw[12:], VERSION.encode()).decode()


def lookup_hash(bsn: str) -> str:
    """The keyed hash to find a resident by BSN; empty for no BSN."""
    if not bsn:
        return ""
    return hmac.new(_lookup_key(), bsn.encode(), hashlib.sha256).hexdigest()
