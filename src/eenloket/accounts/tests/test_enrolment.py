"""Linking an authenticator app needs an enrolment code from an administrator: knowing a new
account's password is not enough to set up its second factor (no trust on first use)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenloket.accounts.models import EnrolmentCode, User
from eenloket.accounts.services import (
    EnrolmentRefused,
    enrolment_code_accept,
    enrolment_code_issue,
)
from eenloket.common.errors import PermissionDenied
from eenloket.organisations.models import Role
from eenloket.organisations.tests.factories import staff

pytestmark = pytest.mark.django_db

CODE = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}")


def log_in(client: Client, username: str, password: str = "demo") -> Any:
    return client.post("/login/", {"username": username, "password": password})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def issue(user: User, issued_by: User | None = None) -> str:
    return enrolment_code_issue(user=user, issued_by=issued_by)[1]


def refusal(user: User, typed: str) -> str:
    with pytest.raises(EnrolmentRefused) as refused:
        enrolment_code_accept(user=user, typed=typed)
    return refused.value.code


@pytest.fixture
def newcomer() -> User:
    return staff(Role.SPECIALIST, username="nieuw")


@pytest.fixture
def clock() -> Any:
    """Frozen time at the start of a 30-second code window (see test_staff_access)."""
    now = int(timezone.now().timestamp())
    start = dt.datetime.fromtimestamp(now - now % 30 + 1, tz=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


def test_the_password_alone_does_not_reach_the_authenticator_set_up(newcomer: User) -> None:
    """Whoever knows a new account's password cannot link their own app to it."""
    attacker = Client()
    assert log_in(attacker, "nieuw").status_code == 302
    assert attacker.get("/workspace/")["Location"] == "/login/mfa/enrol/?next=%2Fworkspace%2F"
    page = attacker.get("/login/mfa/setup/")
    assert page.status_code == 302
    assert page["Location"].startswith("/login/mfa/enrol/")
    assert attacker.post("/login/mfa/setup/", {"code": "123456"}).status_code == 302
    assert not TOTPDevice.objects.exists()  # no key was made, so none was shown
    assert "<svg" not in attacker.get("/login/mfa/setup/", follow=True).content.decode()
    assert attacker.get("/api/contacts").status_code == 403


def test_with_the_administrators_code_the_app_is_linked_and_the_code_spent(
    newcomer: User, clock: Any
) -> None:
    raw = issue(newcomer)
    assert CODE.fullmatch(raw)
    stored = EnrolmentCode.objects.get(user=newcomer)
    assert raw not in stored.code_hash and raw.replace("-", "") not in stored.code_hash
    client = Client()
    log_in(client, "nieuw")
    page = client.get("/login/mfa/enrol/?next=/workspace/")
    assert page.status_code == 200 and "activeringscode" in page.content.decode()

    # Typed the way people type it: lower case, spaces instead of dashes.
    typed = raw.lower().replace("-", " ")
    accepted = client.post("/login/mfa/enrol/", {"code": typed, "next": "/workspace/"})
    assert accepted["Location"] == "/login/mfa/setup/?next=%2Fworkspace%2F"
    setup = client.get(accepted["Location"])
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    # Coming back to the code page goes straight on to the set-up.
    assert client.get("/login/mfa/enrol/")["Location"].startswith("/login/mfa/setup/")

    clock.shift(dt.timedelta(seconds=3))
    done = client.post("/login/mfa/setup/", {"code": current_code(device), "next": "/workspace/"})
    assert done.status_code == 200
    assert len(re.findall(r"<code>(\w+)</code>", done.content.decode())) == 10
    assert client.get("/workspace/").status_code == 200
    stored.refresh_from_db()
    assert stored.used_at is not None
    # Spent: it links no second app, not even after a new login.
    assert refusal(newcomer, raw) == "used"
    again = Client()
    log_in(again, "nieuw")
    assert again.get("/workspace/")["Location"].startswith("/login/mfa/?")


def test_a_code_works_only_until_it_expires(newcomer: User, settings: Any) -> None:
    settings.ENROLMENT_HOURS = 48
    raw = issue(newcomer)
    code = EnrolmentCode.objects.get(user=newcomer)
    assert code.expires_at - code.issued_at == dt.timedelta(hours=48)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=48, minutes=1)):
        client = Client()
        log_in(client, "nieuw")
        refused = client.post("/login/mfa/enrol/", {"code": raw})
        assert refused.status_code == 400
        assert "verlopen" in refused.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=47)):
        assert enrolment_code_accept(user=newcomer, typed=raw).pk == code.pk


def test_a_newer_code_replaces_the_older_one(newcomer: User) -> None:
    first = issue(newcomer)
    second = issue(newcomer)
    assert refusal(newcomer, first) == "replaced"
    assert enrolment_code_accept(user=newcomer, typed=second).user == newcomer
    assert EnrolmentCode.objects.filter(user=newcomer, ended_at__isnull=True).count() == 1


def test_a_code_replaced_during_the_set_up_no_longer_links_the_app(
    newcomer: User, clock: Any
) -> None:
    raw = issue(newcomer)
    client = Client()
    log_in(client, "nieuw")
    client.post("/login/mfa/enrol/", {"code": raw})
    assert client.get("/login/mfa/setup/").status_code == 200
    issue(newcomer)  # the administrator issued a new one meanwhile
    device = TOTPDevice.objects.filter(user=newcomer).first()
    assert device is None  # issuing removed the half-linked app and its key
    response = client.post("/login/mfa/setup/", {"code": "123456"}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/mfa/enrol/")
    assert "werkt niet meer" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()


def test_a_wrong_code_is_refused_and_five_end_the_valid_code(newcomer: User, caplog: Any) -> None:
    raw = issue(newcomer)
    client = Client()
    log_in(client, "nieuw")
    wrong = client.post("/login/mfa/enrol/", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    for _ in range(EnrolmentCode.MAX_FAILURES - 2):
        assert refusal(newcomer, "ABCD") == "wrong_code"
    assert refusal(newcomer, "ABCD") == "too_many_tries"  # the fifth ends the code
    # Now the right code is refused as well, so guessing cannot go on: a new code is needed.
    refused = client.post("/login/mfa/enrol/", {"code": raw})
    assert refused.status_code == 400
    assert "Te vaak een verkeerde code" in refused.content.decode()
    assert not TOTPDevice.objects.exists()
    fresh = issue(newcomer)
    assert enrolment_code_accept(user=newcomer, typed=fresh).failures == 0
    assert raw not in caplog.text and fresh not in caplog.text


def test_another_accounts_code_does_not_work(newcomer: User) -> None:
    other = staff(Role.SPECIALIST, username="ander")
    raw = issue(other)
    assert refusal(newcomer, raw) == "wrong_code"
    assert refusal(newcomer, "") == "wrong_code"


def test_issuing_a_code_resets_a_lost_app(newcomer: User) -> None:
    TOTPDevice.objects.create(user=newcomer, name="old phone", confirmed=True)
    StaticDevice.objects.create(user=newcomer, name="recovery", confirmed=True)
    issue(newcomer)
    assert not TOTPDevice.objects.filter(user=newcomer).exists()
    assert not StaticDevice.objects.filter(user=newcomer).exists()
    client = Client()
    log_in(client, "nieuw")
    assert client.get("/workspace/")["Location"].startswith("/login/mfa/enrol/")


def test_the_command_issues_a_code_for_the_first_administrator() -> None:
    User.objects.create_superuser("beheer", "beheer@gemeente.example", "een-lang-wachtwoord-9")
    client = Client()
    log_in(client, "beheer", "een-lang-wachtwoord-9")
    # createsuperuser's account enrols like any other: not without a code.
    assert client.get("/admin/")["Location"].startswith("/login/mfa/enrol/")
    out, err = StringIO(), StringIO()
    call_command("enrolment_code", "beheer", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert CODE.fullmatch(raw)
    assert "beheer" in err.getvalue() and raw not in err.getvalue()
    response = client.post("/login/mfa/enrol/", {"code": raw})
    assert response["Location"].startswith("/login/mfa/setup/")
    assert EnrolmentCode.objects.get().issued_by is None
    with pytest.raises(CommandError):
        call_command("enrolment_code", "niemand", stdout=StringIO())


def test_an_administrator_issues_codes_in_the_admin_and_sees_them_once(
    demo: dict[str, str],
    newcomer: User,
    client_for: Any,
    caplog: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    caplog.set_level(logging.INFO, logger="eenloket.accounts")
    admin = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/accounts/user/",
            {"action": "issue_enrolment_code", "_selected_action": [newcomer.pk]},
        )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    (raw,) = CODE.findall(response.content.decode())
    code = EnrolmentCode.objects.get(user=newcomer)
    assert code.issued_by == User.objects.get(username="admin")
    with django_capture_on_commit_callbacks(execute=True):
        assert enrolment_code_accept(user=newcomer, typed=raw) == code
    # The record: issued and accepted, with account ids, never the code.
    assert f"enrolment code {code.pk} issued for account {newcomer.pk}" in caplog.text
    assert f"enrolment code {code.pk} accepted" in caplog.text
    assert raw not in caplog.text and raw.replace("-", "") not in caplog.text
    # The account's page lists its codes without showing any.
    page = admin.get(f"/admin/accounts/user/{newcomer.pk}/change/").content.decode()
    assert "Activeringscodes" in page and raw not in page


def test_only_a_superuser_issues_a_code_for_a_superuser(newcomer: User) -> None:
    from django.contrib.auth.models import Permission

    helper = staff(Role.ADMINISTRATOR, username="helpdesk", is_staff=True)
    helper.user_permissions.add(Permission.objects.get(codename="change_user"))
    helper = User.objects.get(pk=helper.pk)  # fresh permission cache
    chief = User.objects.create_superuser("chef", "chef@gemeente.example", "x")
    assert issue(newcomer, issued_by=helper)
    with pytest.raises(PermissionDenied):
        issue(chief, issued_by=helper)
    nobody = staff(Role.SPECIALIST, username="collega")
    with pytest.raises(PermissionDenied):
        issue(newcomer, issued_by=nobody)
    assert issue(chief, issued_by=User.objects.create_superuser("baas", "b@g.example", "x"))


def test_single_sign_on_with_the_providers_second_factor_needs_no_code(newcomer: User) -> None:
    client = Client()
    client.force_login(newcomer)
    session = client.session
    session["el_sso_mfa"] = True
    session.save()
    assert client.get("/workspace/").status_code == 200
    assert not EnrolmentCode.objects.exists()


def test_single_sign_on_without_a_second_factor_enrols_like_a_password_login(
    newcomer: User,
) -> None:
    client = Client()
    client.force_login(newcomer, backend="eenloket.accounts.oidc.StaffOIDCBackend")
    assert client.get("/workspace/")["Location"].startswith("/login/mfa/enrol/")


def test_the_record_of_codes_is_kept_for_the_logins_period(newcomer: User, settings: Any) -> None:
    from eenloket.common import personal_data

    (entry,) = [e for e in personal_data.entries() if e.model is EnrolmentCode]
    assert entry.retention == "logins" and entry.expired is not None
    issue(newcomer)
    EnrolmentCode.objects.update(used_at=timezone.now())  # spent
    issue(newcomer)  # not used yet, and made to work until after the period
    later = timezone.now() + dt.timedelta(days=settings.RETENTION_DAYS["logins"] + 1)
    EnrolmentCode.objects.filter(used_at__isnull=True).update(expires_at=later + dt.timedelta(1))
    # The spent code goes after the period; a code that still works stays.
    assert list(entry.expired(later)) == [EnrolmentCode.objects.get(used_at__isnull=False)]
