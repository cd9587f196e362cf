"""The BSN at rest: encrypted (AES-256-GCM) with a key from the environment, and found again by
a keyed hash (HMAC-SHA256), so the database alone reveals no BSN and cannot be searched by one.

Both keys are derived (HKDF) from one secret, `EENLOKET_DATA_KEY` — 32 random bytes, urlsafe
base64 — which production must set and keep apart from database backups. A stored value starts
with its format version (`v1:`).

Rotating the key: set the new key as `EENLOKET_DATA_KEY` and the old one in
`EENLOKET_DATA_KEY_RETIRED` (comma-separated, oldest last). Values sealed with a retired key are
still read (AES-GCM tells which key sealed a value) and found (look-ups try every key's hash);
`eenloket rotate_data_key` then seals every BSN again with the new key, after which the retired
key can go."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.exceptions import InvalidTag
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


def _all_keys() -> list[tuple[bytes, bytes]]:
    """The current key first, then the retired ones still to be rotated away from."""
    return [_keys(secret) for secret in [settings.DATA_KEY, *settings.DATA_KEYS_RETIRED]]


def encrypt(bsn: str) -> str:
    if not bsn:
        return ""
    nonce = os.urandom(12)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, bsn.encode(), VERSION.encode())
    return f"{VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def _open(stored: str, key: bytes) -> str:
    """The BSN in a stored value, if `key` sealed it; InvalidTag otherwise."""
    version, _, payload = stored.partition(":")
    if version != VERSION:
        raise ValueError(f"unknown BSN key version {version!r}")
    raw = base64.urlsafe_b64decode(payload.encode())
    return AESGCM(key).decrypt(raw[:12], raw[12:], VERSION.encode()).decode()


def decrypt(stored: str) -> str:
    """The BSN, opened with whichever known key sealed it (the current one first)."""
    if not stored:
        return ""
    *retired, (oldest, _lookup) = _all_keys()
    for key, _lookup in retired:
        try:
            return _open(stored, key)
        except InvalidTag:
            continue
    return _open(stored, oldest)  # raises InvalidTag when no known key sealed it


def sealed_with_current_key(stored: str) -> bool:
    """Was this value sealed with the current key (so it needs no rotation)?"""
    if not stored:
        return True
    try:
        _open(stored, _encryption_key())
    except InvalidTag:
        return False
    return True


def lookup_hash(bsn: str) -> str:
    """The keyed hash to store with a BSN (current key); empty for no BSN."""
    if not bsn:
        return ""
    return hmac.new(_lookup_key(), bsn.encode(), hashlib.sha256).hexdigest()


def lookup_hashes(bsn: str) -> list[str]:
    """The hashes a stored BSN may have while a key rotation is under way (current key first)."""
    if not bsn:
        return []
    return [
        hmac.new(lookup, bsn.encode(), hashlib.sha256).hexdigest() for _key, lookup in _all_keys()
    ]
