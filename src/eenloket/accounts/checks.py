"""System checks for staff login: no account skips the second factor outside the demo, and
enrolment codes last long enough to be used."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error


def second_factor_settings(**kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.MFA_EXEMPT_USERNAMES and not settings.DEMO_ENABLED:
        problems.append(
            Error(
                "MFA_EXEMPT_USERNAMES exempts accounts from the second factor outside the demo.",
                hint="Only the demo settings (DEMO_ENABLED) may name the demo accounts here.",
                id="eenloket.accounts.E001",
            )
        )
    if settings.ENROLMENT_HOURS < 1:
        problems.append(
            Error(
                f"EENLOKET_ENROLMENT_HOURS is {settings.ENROLMENT_HOURS}: no enrolment code "
                "would ever work.",
                hint="Use a whole number of hours, 1 or more (72 by default).",
                id="eenloket.accounts.E002",
            )
        )
    return problems
