"""Configuration mistakes give one clear line, not a traceback; production settings pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eenloket.common.config import ConfigurationError, database_from_env

CLI = [sys.executable, "-m", "eenloket.cli"]


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: nothing the test session set (e.g. the browser tests' async flag) leaks in.
    leaking = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in leaking}
    environment.update(env)
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=environment, timeout=180, check=False
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://localhost/x", "DATABASE_URL must start with sqlite:/// or postgres://"),
        ("not a url", "DATABASE_URL must start with sqlite:/// or postgres://"),
        ("postgres://", "needs a database name"),
    ],
)
def test_malformed_database_url_gives_one_clear_line(url: str, expected: str) -> None:
    result = run(["check"], DATABASE_URL=url)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_gives_one_clear_line() -> None:
    result = run(["migrate"], DATABASE_URL="postgres://nobody@127.0.0.1:1/eenloket")
    assert result.returncode == 1
    assert "cannot use the database (PostgreSQL 127.0.0.1:1/eenloket)" in result.stderr
    assert "Traceback" not in result.stderr


def test_password_is_not_echoed_in_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as exc:
        os.environ["DATABASE_URL"] = "mysql://user:s3cret@host/db"
        try:
            database_from_env(tmp_path / "db.sqlite3")
        finally:
            del os.environ["DATABASE_URL"]
    assert "s3cret" not in str(exc.value)


def test_production_settings_pass_the_deployment_checklist() -> None:
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="eenloket.settings.production",
        SECRET_KEY="x" * 20 + "production-test-secret-with-enough-entropy-0123456789",
        EENLOKET_DATA_KEY="cHJvZHVjdGlvbi10ZXN0LWRhdGEta2V5LTMyLWJ5dGVz",
        ALLOWED_HOSTS="loket.example.nl",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_data_key() -> None:
    result = run(
        ["check"],
        DJANGO_SETTINGS_MODULE="eenloket.settings.production",
        SECRET_KEY="x" * 20 + "production-test-secret-with-enough-entropy-0123456789",
        EENLOKET_DATA_KEY="",
    )
    assert result.returncode == 2
    assert "EENLOKET_DATA_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_secret() -> None:
    result = run(["check"], DJANGO_SETTINGS_MODULE="eenloket.settings.production", SECRET_KEY="")
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr
