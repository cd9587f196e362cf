"""The `eenloket` command: Django's management commands with the project's settings and
one clear line instead of a traceback when the configuration or the database is wrong."""

from __future__ import annotations

import os
import sys

# None of these reads the settings on import: DJANGO_SETTINGS_MODULE is still set in main() first.
import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import execute_from_command_line
from django.db.utils import OperationalError


def _fail(message: str, code: int) -> int:
    print(f"eenloket: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings.dev")
    argv = list(sys.argv if argv is None else argv)
    try:
        django.setup()
    except ImproperlyConfigured as exc:
        return _fail(f"configuration error: {exc}", 2)

    try:
        execute_from_command_line(argv)
    except OperationalError as exc:
        return _fail(f"cannot use the database ({_database_label()}): {_first_line(exc)}", 1)
    except KeyboardInterrupt:
        return 130
    return 0


def _database_label() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {db['NAME']}"
    return f"PostgreSQL {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


if __name__ == "__main__":
    sys.exit(main())
