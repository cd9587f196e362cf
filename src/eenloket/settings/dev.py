"""Local and demo settings: plain HTTP on localhost, a generated secret when none is given."""

from eenloket import demo_accounts
from eenloket.common.config import local_data_key, local_secret_key

from .base import *  # noqa: F403
from .base import DATA_KEY, SECRET_KEY, STATIC_ROOT, VAR_DIR

SECRET_KEY = SECRET_KEY or local_secret_key(VAR_DIR)
DATA_KEY = DATA_KEY or local_data_key(VAR_DIR)

STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The demo exists here; its accounts log in with their password alone, every other account needs
# its second factor.
DEMO_ENABLED = True
MFA_EXEMPT_USERNAMES = list(demo_accounts.USERNAMES)
