from __future__ import annotations

from django.utils import timezone

from .models import EnrolmentCode, User


def enrolment_code_usable(*, user: User, pk: object) -> EnrolmentCode | None:
    """The account's enrolment code with this id (as a session remembers it), while it still
    works; None once it was used, replaced, ended or expired, or when it is not the account's."""
    if not isinstance(pk, int):
        return None
    code = EnrolmentCode.objects.filter(pk=pk, user=user).first()
    return code if code is not None and code.usable_at(timezone.now()) else None
