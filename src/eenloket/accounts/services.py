from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User, hash_token


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for a staff account; the raw value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_token(raw), prefix=raw[3:11]
    )
    return token, raw


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user behind a token, or None; marks the token as used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
