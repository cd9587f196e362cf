"""The scanner the test run uses on its own log finds what it must, and not ordinary lines."""

import secrets

from eenloket.common.logging import find_secrets, redact


def test_it_finds_bsns_tokens_and_open_secret_links() -> None:
    token = secrets.token_urlsafe(32)
    line = f"WARNING Not Found: /afspraak/{token}/ bsn=111222333"
    found = find_secrets(line)
    assert any(f.startswith("BSN 111222333") for f in found)
    assert any(f.startswith("token ") for f in found)
    assert any(f.startswith("secret link") for f in found)
    assert find_secrets("feedback " + secrets.token_hex(32))
    assert find_secrets("Authorization: Bearer abcdefghijklmnopqrstuvwxyz")
    assert find_secrets("typed 7KQ2-M9XA-3PZR-W8TB-4HNC at enrolment")


def test_it_accepts_redacted_and_ordinary_lines() -> None:
    token = secrets.token_urlsafe(32)
    assert find_secrets(redact(f"WARNING Not Found: /afspraak/{token}/")) == []
    assert find_secrets(redact(f"GET /mening/{secrets.token_hex(32)}/ 404")) == []
    assert find_secrets(redact("Not Found: /api/appointments/268435455/status")) == []
    ordinary = (
        "2026-11-29 04:57:37,735 WARNING django.request Not Found: /workspace/help-requests/123456789/"
        " took 123456780 ns; reference HV-7K3M9Q2X"
    )
    assert find_secrets(ordinary) == []  # 123456789 fails the 11-test
