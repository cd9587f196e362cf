"""Settings for the test suite: fast hashing, in-memory mail; the database still comes from DATABASE_URL."""

from eenloket import demo_accounts

from .base import *  # noqa: F403
from .base import AUTHENTICATION_BACKENDS, BASE_DIR, LOGGING, STATIC_ROOT

SECRET_KEY = "test-only-secret-key-not-for-any-deployment-0123456789abcdef"  # noqa: S105
DATA_KEY = "dGVzdC1vbmx5LWRhdGEta2V5LW5vdC1mb3ItdXNlLTAx"  # test-only, 32 bytes
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Tasks run inline, in the test's own transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Everything the test run logs also goes to a file, through the same redaction as production;
# after the run, conftest.py scans it for BSNs and tokens and fails the run if it finds any.
TEST_LOG_FILE = BASE_DIR / "var" / "test-run.log"
TEST_LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
LOGGING["handlers"]["test_file"] = {
    "class": "logging.FileHandler",
    "filename": str(TEST_LOG_FILE),
    "mode": "a",
    "formatter": "plain",
    "filters": ["redact_secrets"],
    "encoding": "utf-8",
}
LOGGING["root"]["handlers"] = ["console", "test_file"]

# The demo exists here; its accounts log in with their password alone, every other account needs
# its second factor.
DEMO_ENABLED = True
MFA_EXEMPT_USERNAMES = list(demo_accounts.USERNAMES)

# Single sign-on switched on against a provider that does not exist here: the tests cover the
# redirect to it and the mapping of its claims to staff accounts.
OIDC_RP_CLIENT_ID = "eenloket-test"
OIDC_ENABLED = True
OIDC_RP_CLIENT_SECRET = "test-only"  # noqa: S105
OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/authorize"
OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"  # noqa: S105
OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "eenloket.accounts.oidc.StaffOIDCBackend"]
