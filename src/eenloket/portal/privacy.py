"""Questions asked online in the registry of personal data; each is part of its contact."""

from __future__ import annotations

from typing import Any

from eenloket.common.personal_data import PersonalData, register

from .models import OnlineRequest


def _online_request(request: OnlineRequest) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "asked": request.created_at.isoformat(),
        "kind": request.get_kind_display(),
        "name": request.name,
        "reach_by": request.get_reach_by_display(),
        "phone": request.phone,
        "email": request.email,
        "when": request.when,
    }


register(
    PersonalData(
        OnlineRequest,
        about="name, phone or e-mail and when to reach, given with a question asked online",
        resident=("contact__resident", "contact__help_request__resident"),
        section="online_requests",
        export=_online_request,
        order_by=("created_at", "pk"),
        part_of="contacts.Contact",
        via="contact",
    )
)
