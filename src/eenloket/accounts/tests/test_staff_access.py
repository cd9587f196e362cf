"""Logging in: the second factor, lock-out after wrong passwords, session limits, a new session at
login, disabled accounts, and the feedback tablet's session kept to the tablet."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenloket.accounts.services import enrolment_code_issue
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff

pytestmark = pytest.mark.django_db

# The environment a production install needs before the settings load (not a deployment's keys).
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "eenloket.settings.production",
    "SECRET_KEY": "x" * 20 + "production-test-secret-with-enough-entropy-0123456789",
    "EENLOKET_DATA_KEY": "cHJvZHVjdGlvbi10ZXN0LWRhdGEta2V5LTMyLWJ5dGVz",
    "EENLOKET_MAIL": "off",
}


def log_in(client: Client, username: str, password: str = "demo", **extra: Any) -> Any:
    return client.post("/login/", {"username": username, "password": password}, **extra)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def worker() -> Any:
    return staff(Role.FRONT_OFFICE, username="w.jansen")


@pytest.fixture
def clock() -> Any:
    """Frozen time at the start of a 30-second code window; `clock.shift(seconds=…)` moves on
    (django-otp makes a second try wait a second after a wrong code)."""
    now = int(timezone.now().timestamp())
    start = dt.datetime.fromtimestamp(now - now % 30 + 1, tz=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


def test_a_new_account_sets_up_its_app_before_anything_else(worker: Any, clock: Any) -> None:
    code = enrolment_code_issue(user=worker, issued_by=None)[1]
    client = Client()
    assert log_in(client, "w.jansen").status_code == 302
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"] == "/login/mfa/enrol/?next=%2Fworkspace%2F"
    assert client.get("/workspace/residents/").status_code == 302  # every page, not only home
    assert client.get("/api/contacts").status_code == 403

    client.post("/login/mfa/enrol/", {"code": code, "next": "/workspace/"})
    page = client.get("/login/mfa/setup/?next=/workspace/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "Sleutel" in text
    device = TOTPDevice.objects.get(user=worker)
    assert not device.confirmed

    wrong = client.post("/login/mfa/setup/", {"code": "000000", "next": "/workspace/"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get("/workspace/").status_code == 302

    clock.shift(dt.timedelta(seconds=3))
    done = client.post("/login/mfa/setup/", {"code": current_code(device), "next": "/workspace/"})
    assert done.status_code == 200
    codes = re.findall(r"<code>(\w+)</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/workspace/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_next_login_asks_for_the_code_and_accepts_a_recovery_code_once(
    worker: Any, clock: Any
) -> None:
    client = Client()
    log_in(client, "w.jansen")
    device = TOTPDevice.objects.create(user=worker, name="app", confirmed=True)
    from django_otp.plugins.otp_static.models import StaticDevice

    recovery = StaticDevice.objects.create(user=worker, name="recovery", confirmed=True)
    recovery.token_set.create(token="herstel123")

    assert client.get("/workspace/")["Location"] == "/login/mfa/?next=%2Fworkspace%2F"
    assert client.post("/login/mfa/", {"code": "123"}).status_code == 400
    clock.shift(dt.timedelta(seconds=3))
    ok = client.post("/login/mfa/", {"code": current_code(device), "next": "/workspace/"})
    assert ok.status_code == 302 and ok["Location"] == "/workspace/"
    assert client.get("/workspace/").status_code == 200

    again = Client()
    log_in(again, "w.jansen")
    # The same code cannot be used twice; the recovery code works, once.
    assert again.post("/login/mfa/", {"code": current_code(device)}).status_code == 400
    clock.shift(dt.timedelta(seconds=3))
    assert again.post("/login/mfa/", {"code": "herstel 123"}).status_code == 302
    third = Client()
    log_in(third, "w.jansen")
    clock.shift(dt.timedelta(seconds=3))
    assert third.post("/login/mfa/", {"code": "herstel123"}).status_code == 400


def test_the_code_page_never_sends_you_elsewhere(worker: Any) -> None:
    client = Client()
    log_in(client, "w.jansen")
    device = TOTPDevice.objects.create(user=worker, name="app", confirmed=True)
    response = client.post(
        "/login/mfa/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/workspace/"


def test_demo_accounts_skip_the_second_factor_in_the_demo(demo: dict[str, str]) -> None:
    client = Client()
    log_in(client, "specialist")
    assert client.get("/workspace/").status_code == 200


def test_production_exempts_nobody() -> None:
    from eenloket.settings import base

    assert base.MFA_REQUIRED is True
    assert base.MFA_EXEMPT_USERNAMES == []
    assert base.DEMO_ENABLED is False


def test_production_settings_leave_no_way_around_the_second_factor() -> None:
    """Under the production settings themselves, in a process of their own: no demo, nobody
    exempt, so a demo account's name (say, the demo's superuser "admin") needs the second factor
    like anyone else, and the settings pass the system checks."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup()\n"
            "from django.conf import settings\n"
            "from django.core import checks\n"
            "from eenloket.accounts.middleware import mfa_needed\n"
            "from eenloket.accounts.models import User\n"
            "print(settings.DEMO_ENABLED, settings.MFA_EXEMPT_USERNAMES,"
            " mfa_needed(User(username='admin', is_superuser=True)),"
            " [m.id for m in checks.run_checks(tags=['security']) if m.id.startswith('eenloket')])",
        ],
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, **PRODUCTION},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False [] True []"


def test_an_exemption_outside_the_demo_fails_the_system_check(settings: Any) -> None:
    from eenloket.accounts.checks import second_factor_settings

    assert second_factor_settings() == []
    settings.DEMO_ENABLED = False
    assert [m.id for m in second_factor_settings()] == ["eenloket.accounts.E001"]
    settings.MFA_EXEMPT_USERNAMES = []
    settings.ENROLMENT_HOURS = 0
    assert [m.id for m in second_factor_settings()] == ["eenloket.accounts.E002"]


def test_demo_account_names_need_the_second_factor_outside_the_demo(
    demo: dict[str, str], settings: Any
) -> None:
    settings.DEMO_ENABLED = False  # e.g. an account someone named "specialist" in production
    client = Client()
    log_in(client, "specialist")
    assert client.get("/workspace/")["Location"].startswith("/login/mfa/")


def test_five_wrong_passwords_lock_that_account_from_that_address(worker: Any) -> None:
    client = Client()
    for _ in range(4):
        assert log_in(client, "w.jansen", "wrong").status_code == 200
    assert log_in(client, "w.jansen", "wrong").status_code == 429  # the fifth locks
    locked = log_in(client, "w.jansen", "demo")  # now also the right password
    assert locked.status_code == 429
    assert "15 minuten" in locked.content.decode()
    # Another address can still log in to the same account; after 15 minutes this one can too.
    assert log_in(Client(REMOTE_ADDR="10.0.0.9"), "w.jansen").status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert log_in(Client(), "w.jansen").status_code == 302


def test_login_starts_a_new_session(demo: dict[str, str]) -> None:
    client = Client()
    client.get("/login/")
    client.session.save()
    before = client.session.session_key
    log_in(client, "specialist")
    assert client.session.session_key != before


def test_half_an_hour_without_activity_ends_the_session(demo: dict[str, str]) -> None:
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, "specialist")
        assert client.get("/workspace/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=25), tick=False):
        assert client.get("/workspace/").status_code == 200  # activity resets the clock
    with time_machine.travel(start + dt.timedelta(minutes=56), tick=False):
        response = client.get("/workspace/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/login/")
        assert "30 minuten zonder activiteit" in response.content.decode()


def test_a_working_day_is_the_longest_session(demo: dict[str, str]) -> None:
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, "specialist")
    for minutes in range(20, 9 * 60, 20):  # active all day long
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/workspace/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=9, minutes=1), tick=False):
        assert client.get("/workspace/").status_code == 302


def test_a_disabled_account_is_logged_out_at_once(demo: dict[str, str]) -> None:
    from eenloket.accounts.models import User

    client = Client()
    log_in(client, "specialist")
    assert client.get("/workspace/").status_code == 200
    User.objects.filter(username="specialist").update(is_active=False)
    assert client.get("/workspace/").status_code == 302
    assert client.get("/api/contacts").status_code in (401, 403)


def test_a_feedback_tablet_shows_nothing_but_the_tablet(demo: dict[str, str]) -> None:
    client = Client()
    log_in(client, "frontoffice")
    assert client.get("/workspace/feedback/tablet/").status_code == 200
    assert client.get("/workspace/feedback/tablet/").status_code == 200
    response = client.get("/workspace/residents/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "feedbacktablet" in response.content.decode()
