"""The register of processing activities, for administrators."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eenloket.organisations.access import roles_required
from eenloket.organisations.models import Role

from . import register


@roles_required({Role.ADMINISTRATOR})
def processing_register(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "audit/register.html",
        {
            "controller": register.controller(),
            "activities": register.activities(),
            "retention": settings.RETENTION_DAYS,
        },
    )
