from django.contrib import admin
from django.http import HttpRequest

from .models import AgencyKey


@admin.register(AgencyKey)
class AgencyKeyAdmin(admin.ModelAdmin):
    """Keys are made with `eenloket create_agency_key`; here they can be seen and revoked."""

    list_display = ["organisation", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = [
        "organisation",
        "name",
        "prefix",
        "token_hash",
        "signing_secret",
        "created_at",
        "last_used_at",
    ]
    fields = ["organisation", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
