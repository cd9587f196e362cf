"""Single sign-on with OpenID Connect (mozilla-django-oidc), for municipalities that have an
identity provider. Turned on by setting OIDC_RP_CLIENT_ID and the provider's endpoints.

Only existing, active staff accounts can log in this way, matched by e-mail address: roles and
scopes are given in Eén Loket, never created from a provider's claims. When the provider says it
used a second factor (`amr` contains mfa/otp/hwk/swk), or when OIDC_TRUST_MFA says the provider
always does, the session counts as having given its second factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .middleware import SSO_MFA
from .models import User

SECOND_FACTOR_METHODS = {"mfa", "otp", "hwk", "swk", "sms", "fpt"}


def second_factor_given(payload: dict[str, Any]) -> bool:
    """Did the provider use a second factor for this login (RFC 8176 `amr` values)?"""
    if getattr(settings, "OIDC_TRUST_MFA", False):
        return True
    methods = payload.get("amr") or []
    return bool(SECOND_FACTOR_METHODS & set(methods))


# mozilla-django-oidc has no types, so its base class is Any to mypy; nothing to check there.
class StaffOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        # The base class's UserModel is get_user_model(): accounts.User.
        email = claims.get("email")
        if not email:
            nobody: QuerySet[User] = self.UserModel.objects.none()
            return nobody
        users: QuerySet[User] = self.UserModel.objects.filter(
            email__iexact=email, is_active=True, membership__isnull=False
        )
        return users

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and second_factor_given(payload):
            self.request.session[SSO_MFA] = True
        return user
