"""Production settings: HTTPS only, a real secret from the environment, hashed static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from eenloket.common.config import env_int

from .base import *  # noqa: F403
from .base import DATA_KEY, SECRET_KEY, STORAGES

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters"
    )

if not DATA_KEY:
    raise ImproperlyConfigured(
        "EENLOKET_DATA_KEY must be set: 32 random bytes in urlsafe base64 (it encrypts BSNs)"
    )

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
WHITENOISE_USE_FINDERS = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
