"""Configuration mistakes give one clear line, not a traceback; production settings pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "eenloket.settings.production",
    "SECRET_KEY": "x" * 20 + "production-test-secret-with-enough-entropy-0123456789",
    "EENLOKET_DATA_KEY": "cHJvZHVjdGlvbi10ZXN0LWRhdGEta2V5LTMyLWJ5dGVz",
    "ALLOWED_HOSTS": "loket.example.nl",
    "EMAIL_HOST": "smtp.example.nl",
    "DEFAULT_FROM_EMAIL": "loket@example.nl",
}


def test_production_settings_pass_the_deployment_checklist() -> None:
    result = run(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_data_key() -> None:
    result = run(["check"], **{**PRODUCTION, "EENLOKET_DATA_KEY": ""})
    assert result.returncode == 2
    assert "EENLOKET_DATA_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_secret() -> None:
    result = run(["check"], DJANGO_SETTINGS_MODULE="eenloket.settings.production", SECRET_KEY="")
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("command", [["demo"], ["serve", "--demo", "--port", "1"]])
def test_production_refuses_the_demo(command: list[str], tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    result = run(command, **PRODUCTION, DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 1
    assert "the demo data (accounts with the password 'demo') is not for this" in result.stderr
    assert "Traceback" not in result.stderr
    assert not database.exists()  # refused before touching the database


def test_the_demo_loader_itself_refuses_outside_the_demo(settings: Any, db: None) -> None:
    from eenloket.demo import DemoRefused, load_demo

    settings.DEMO_ENABLED = False
    with pytest.raises(DemoRefused):
        load_demo()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "does not deliver"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}, "does not deliver"),
        ({"DEFAULT_FROM_EMAIL": ""}, "DEFAULT_FROM_EMAIL must be set"),
        ({"EENLOKET_MAIL": "console"}, "EENLOKET_MAIL must be smtp or off"),
    ],
)
def test_production_refuses_to_start_without_real_mail(env: dict[str, str], message: str) -> None:
    result = run(["check"], **{**PRODUCTION, **env})
    assert result.returncode == 2
    assert message in result.stderr


def test_production_without_mail_only_when_asked() -> None:
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = run(
        ["shell", "-c", code],
        **{
            **PRODUCTION,
            "EENLOKET_MAIL": "off",
            "DEFAULT_FROM_EMAIL": "",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("django.core.mail.backends.dummy.EmailBackend")


def test_production_pools_postgresql_connections() -> None:
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['OPTIONS']['pool']['max_size'], d['CONN_MAX_AGE'])"
    )
    env = {**PRODUCTION, "DATABASE_URL": "postgres://db.example/eenloket"}
    assert run(["shell", "-c", code], **env).stdout.split()[-2:] == ["10", "0"]
    env["EENLOKET_DB_POOL_MAX"] = "0"
    assert (
        "pool"
        not in run(
            [
                "shell",
                "-c",
                "from django.conf import settings;print(settings.DATABASES['default']['OPTIONS'])",
            ],
            **env,
        ).stdout
    )


def test_production_collects_static_files_with_hashed_names(tmp_path: Path) -> None:
    """The npm packages as installed from the lockfile, through the manifest storage that
    refuses a stylesheet pointing at a missing file."""
    result = run(["collectstatic", "--noinput"], **PRODUCTION, STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    for name in ("vendor/utrecht-tokens/index.css", "vendor/htmx/htmx.min.js", "eenloket/site.css"):
        assert f'"{name}"' in manifest
