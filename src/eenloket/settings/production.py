"""Production settings: HTTPS only, a real secret from the environment, hashed static files."""

import copy
import os

from django.core.exceptions import ImproperlyConfigured

from eenloket.common.config import env_int

from .base import *  # noqa: F403
from .base import DATA_KEY, DATABASES, SECRET_KEY, STORAGES
from .base import LOGGING as BASE_LOGGING

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters"
    )

if not DATA_KEY:
    raise ImproperlyConfigured(
        "EENLOKET_DATA_KEY must be set: 32 random bytes in urlsafe base64 (it encrypts BSNs)"
    )

DEBUG = False
# No demo here, so no account skips the second factor (the check eenloket.accounts.E001 agrees).
DEMO_ENABLED = False
MFA_EXEMPT_USERNAMES = []
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The load balancer's health probes and the metrics scraper come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
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

# Mail goes out over SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS/SSL, EMAIL_HOST_USER/PASSWORD):
# a backend that prints or keeps mail in memory would put residents' links in the server log or
# lose them. Running without mail must be asked for.
MAIL = os.environ.get("EENLOKET_MAIL", "smtp").strip().lower()
if MAIL == "off":
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
elif MAIL == "smtp":
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    if EMAIL_BACKEND.rsplit(".", 2)[-2] in ("console", "locmem", "filebased", "dummy"):
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND={EMAIL_BACKEND} does not deliver mail: use SMTP (EMAIL_HOST, "
            "EMAIL_PORT, …), or set EENLOKET_MAIL=off to run without sending mail"
        )
    if not os.environ.get("DEFAULT_FROM_EMAIL"):
        raise ImproperlyConfigured(
            "DEFAULT_FROM_EMAIL must be set to the address mail is sent from "
            "(or set EENLOKET_MAIL=off to run without sending mail)"
        )
else:
    raise ImproperlyConfigured(f"EENLOKET_MAIL must be smtp or off, not {MAIL!r}")

# A pool of PostgreSQL connections per process (psycopg_pool through Django), instead of one
# connection per thread kept open: EENLOKET_DB_POOL_MAX connections at most, 0 turns it off.
DB_POOL_MAX = env_int("EENLOKET_DB_POOL_MAX", default=10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_MAX > 0:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": min(2, DB_POOL_MAX),
        "max_size": DB_POOL_MAX,
        "timeout": env_int("EENLOKET_DB_POOL_TIMEOUT", default=10),
    }

# One JSON object per line, with the request's ids, through the same filters; one line per request.
LOGGING = copy.deepcopy(BASE_LOGGING)
LOGGING["formatters"]["json"] = {"()": "eenloket.common.logging.JsonFormatter"}
_EVERY_LINE = ["redact_secrets", "request_context", "quiet_client_errors"]
for _handler in LOGGING["handlers"].values():
    _handler["formatter"] = "json"
    _handler["filters"] = list(dict.fromkeys([*_handler.get("filters", []), *_EVERY_LINE]))
LOGGING["loggers"]["eenloket.requests"] = {"level": "INFO"}
