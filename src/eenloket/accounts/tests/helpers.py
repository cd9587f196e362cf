"""Logging a test client in as an account that has given its second factor."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def login_verified(client: Client, user: Any) -> None:
    """force_login, plus a confirmed authenticator app whose code counts as given."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
