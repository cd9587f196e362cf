from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    pass


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("user", "name", "revoked", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Tokens are made with `eenloket create_api_token`, which shows the raw value once.
        return False
