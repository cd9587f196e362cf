"""Reading configuration from the environment, with one clear message for each mistake."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from croniter import croniter
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


class ConfigurationError(ImproperlyConfigured):
    """A setting from the environment is unusable; the message is one line for the operator."""


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from None


def env_cron(name: str, *, default: str) -> str | None:
    """A cron expression (minute hour day month weekday) from the environment; `off` gives None."""
    raw = os.environ.get(name, "").strip() or default
    if raw.lower() == "off":
        return None
    if not croniter.is_valid(raw):
        raise ConfigurationError(
            f"{name} must be a cron expression such as '0 7 * * 1-5', or off (got {raw!r})"
        )
    return raw


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_env(default_sqlite: Path) -> dict[str, Any]:
    """DATABASE_URL, or a SQLite file in WAL mode; a malformed URL is a ConfigurationError."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{default_sqlite}"
    scheme = urlsplit(url).scheme
    if scheme not in SUPPORTED_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL must start with sqlite:/// or postgres:// (got {_redact(url)!r})"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except (ValueError, dj_database_url.UnknownSchemeError) as exc:
        raise ConfigurationError(f"DATABASE_URL is malformed: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ConfigurationError("DATABASE_URL for SQLite needs a file path: sqlite:///path/db")
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets the display screens and the workspace read while a desk writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        if not config.get("NAME"):
            raise ConfigurationError("DATABASE_URL for PostgreSQL needs a database name")
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
        config["TEST"] = {"NAME": f"test_{config['NAME']}"}
    return config


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(parts.password, "***")
    return url


def _local_key(var_dir: Path, name: str, size: int) -> str:
    """A random key for local use, made once and kept in var/ (readable by the owner only)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(size))
        path.chmod(0o600)
    return path.read_text().strip()


def local_secret_key(var_dir: Path) -> str:
    """A per-installation key for local use, kept in var/ so sessions survive restarts."""
    return _local_key(var_dir, "secret_key", 64)


def local_data_key(var_dir: Path) -> str:
    """A per-installation data key (BSN encryption) for local use, kept in var/."""
    return _local_key(var_dir, "data_key", 32)
