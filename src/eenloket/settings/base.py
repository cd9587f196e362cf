"""Settings shared by every environment; everything deployment-specific comes from the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from eenloket.common.config import database_from_env, env_bool, env_cron, env_int, env_list

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The repository root in a source checkout; runtime data (SQLite file) goes to var/ below it.
BASE_DIR = Path(os.environ.get("EENLOKET_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Earlier secret keys while changing SECRET_KEY: sessions and signed links made with them stay
# valid until they expire (docs/operations.md, rotating keys).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", default=[])
# Encrypts BSNs at rest (residents.crypto); 32 random bytes, urlsafe base64. Required in production.
DATA_KEY = os.environ.get("EENLOKET_DATA_KEY", "")
# Earlier data keys while `eenloket rotate_data_key` moves every BSN to the current one.
DATA_KEYS_RETIRED = env_list("EENLOKET_DATA_KEY_RETIRED", default=[])
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "eenloket.common",
    "eenloket.accounts",
    "eenloket.organisations",
    "eenloket.knowledge",
    "eenloket.triage",
    "eenloket.residents",
    "eenloket.contacts",
    "eenloket.referrals",
    "eenloket.appointments",
    "eenloket.queue",
    "eenloket.portal",
    "eenloket.feedback",
    "eenloket.insights",
    "eenloket.audit",
    "eenloket.workspace",
    "eenloket.operations",
]

MIDDLEWARE = [
    # Outermost: the request's ids for every log line, one log line and the metrics per request.
    "eenloket.operations.middleware.RequestContextMiddleware",
    "eenloket.operations.middleware.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # In the visitor's language, before any view: no NUL anywhere in the request.
    "eenloket.common.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "eenloket.accounts.middleware.SessionLimitsMiddleware",
    "eenloket.accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eenloket.common.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eenloket.urls"
WSGI_APPLICATION = "eenloket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eenloket.organisations.context_processors.staff",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "eenloket.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password check
    "django.contrib.auth.backends.ModelBackend",  # also ends the sessions of a disabled account
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
NODE_MODULES = Path(os.environ.get("EENLOKET_NODE_MODULES", BASE_DIR / "node_modules"))
# Front-end packages come from npm (package-lock.json): only the files the pages use, as they
# ship (prefix under STATIC_URL, folder in node_modules, files); see common/staticfiles.py.
NPM_STATIC_FILES = [
    ("vendor/htmx", "htmx.org/dist", ["htmx.min.js"]),
    ("vendor/chartjs", "chart.js/dist", ["chart.umd.min.js", "chart.umd.min.js.map"]),
    ("vendor/utrecht-css", "@utrecht/component-library-css/dist", ["index.css"]),
    ("vendor/utrecht-tokens", "@utrecht/design-tokens/dist", ["index.css"]),
    (
        "vendor/swagger-ui",
        "swagger-ui-dist",
        ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui.css.map"],
    ),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "eenloket.common.staticfiles.NpmFilesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends after this long without activity, and in any case this long after logging in.
SESSION_IDLE_MINUTES = env_int("EENLOKET_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env_int("EENLOKET_SESSION_HOURS", default=9)  # one working day
SESSION_COOKIE_AGE = 60 * 60 * SESSION_MAX_HOURS

# Staff log in with a password and a code from an authenticator app (TOTP, django-otp), unless
# turned off with EENLOKET_MFA=0 (e.g. when single sign-on already asks for a second factor).
MFA_REQUIRED = env_bool("EENLOKET_MFA", default=True)
MFA_EXEMPT_USERNAMES: list[str] = []  # the demo accounts, in the demo only (settings.dev)
OTP_TOTP_ISSUER = "Eén Loket"
# An account links its authenticator app only with a one-time enrolment code from an
# administrator (or `eenloket enrolment_code`), valid this many hours.
ENROLMENT_HOURS = env_int("EENLOKET_ENROLMENT_HOURS", default=72)

# Five wrong passwords for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = env_int("EENLOKET_LOGIN_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("EENLOKET_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "eenloket.common.http.client_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# How long records are kept, in days (for help requests and referrals: after the help request
# was closed; appointments: after the appointment). A daily task deletes or anonymises the rest.
RETENTION_DAYS = {
    "contacts": env_int("EENLOKET_RETAIN_CONTACTS_DAYS", default=730),
    "help_requests": env_int("EENLOKET_RETAIN_HELP_REQUESTS_DAYS", default=730),
    "appointments": env_int("EENLOKET_RETAIN_APPOINTMENTS_DAYS", default=365),
    # A walk-in ticket's name and question are blanked after this many days (the ticket stays).
    "tickets": env_int("EENLOKET_RETAIN_TICKETS_DAYS", default=7),
    "feedback": env_int("EENLOKET_RETAIN_FEEDBACK_DAYS", default=730),
    "searches": env_int("EENLOKET_RETAIN_SEARCHES_DAYS", default=365),
    "logins": env_int("EENLOKET_RETAIN_LOGINS_DAYS", default=365),
    "access_log": env_int("EENLOKET_RETAIN_ACCESS_LOG_DAYS", default=1825),
    # The stored answer to an API request with an Idempotency-Key, for the client's retries.
    "idempotency": env_int("EENLOKET_RETAIN_IDEMPOTENCY_DAYS", default=2),
}
# Single sign-on with OpenID Connect (optional): set the client id and the provider's endpoints.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False  # accounts and roles are made in Eén Loket
OIDC_USE_PKCE = True
OIDC_TRUST_MFA = env_bool("OIDC_TRUST_MFA", default=False)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("eenloket.accounts.oidc.StaffOIDCBackend")

# How many proxies in front of the app append to X-Forwarded-For (0: use the socket's address).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", default=0)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Mail (confirmations, reminders, notifications). Locally it is printed; production sends it
# over SMTP and refuses to start without a mail server unless told EENLOKET_MAIL=off.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@eenloket.example")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)  # TLS from the start, usually port 465
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10)

# The demo (accounts with the password "demo", invented residents) exists only where a settings
# module turns it on: settings.dev and settings.test, never production.
DEMO_ENABLED = False

# The address staff use, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (reminders, follow-up checks) is stored in the database and run by
# `eenloket worker`, which also queues the daily jobs below at their times (Europe/Amsterdam).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /health/ready fails when no background worker reported within this many seconds.
WORKER_STALE_SECONDS = env_int("EENLOKET_WORKER_STALE_SECONDS", default=120)
# /metrics answers only a scraper that sends "Authorization: Bearer <token>"; empty: off (404).
METRICS_TOKEN = os.environ.get("EENLOKET_METRICS_TOKEN", "")
# job name -> (task, cron expression or None); EENLOKET_SCHEDULE_<JOB>=<cron> or `off` overrides.
WORKER_SCHEDULE = {
    name: (task, env_cron(f"EENLOKET_SCHEDULE_{name.upper()}", default=cron))
    for name, task, cron in [
        ("referral_check", "eenloket.referrals.tasks.referrals_check_due", "0 7 * * 1-5"),
        ("appointment_reminders", "eenloket.appointments.tasks.appointments_remind", "0 16 * * *"),
        ("retention", "eenloket.audit.tasks.retention_daily", "30 2 * * *"),
    ]
}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "redact_secrets": {"()": "eenloket.common.logging.RedactSecretsFilter"},
        "request_context": {"()": "eenloket.common.logging.RequestContextFilter"},
        "quiet_client_errors": {"()": "eenloket.common.logging.QuietClientErrorsFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets", "request_context", "quiet_client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A 403 or 404 is one line; on the logger itself so every handler gets it that way.
        "django.request": {"filters": ["quiet_client_errors"]},
        # One line per request (operations.middleware): production turns it on.
        "eenloket.requests": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
FORM_RENDERER = "eenloket.common.forms.FormRenderer"
