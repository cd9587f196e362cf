"""With the production settings, in a process of their own: the probes answer over plain HTTP
while everything else is sent to HTTPS, and the log is one JSON object per line."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "eenloket.settings.production",
    "SECRET_KEY": "x" * 20 + "production-test-secret-with-enough-entropy-0123456789",
    "EENLOKET_DATA_KEY": "cHJvZHVjdGlvbi10ZXN0LWRhdGEta2V5LTMyLWJ5dGVz",
    "ALLOWED_HOSTS": "testserver",
    "EENLOKET_MAIL": "off",
    "LOG_LEVEL": "INFO",
}


def python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    leaking = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in leaking}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_probes_skip_the_https_redirect_and_lines_are_json() -> None:
    link_token = secrets.token_urlsafe(32)
    result = python(
        f"""
        import django
        django.setup()
        from django.test import Client

        client = Client(HTTP_TRACEPARENT="00-{TRACE_ID}-00f067aa0ba902b7-01")
        for path in ("/health/live", "/login/", "/afspraak/{link_token}/"):
            print(path.split("/")[1], client.get(path).status_code)
        """,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["health 200", "login 301", "afspraak 301"]
    logged = [json.loads(line) for line in result.stderr.splitlines()]
    routes = [line["route"] for line in logged if line["logger"] == "eenloket.requests"]
    assert routes == ["login", "appointment_link"]  # the probe is not in the request log
    for line in logged:
        assert line["trace_id"] == TRACE_ID and len(line["request_id"]) == 32
    assert link_token not in result.stderr
