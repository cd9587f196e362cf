from django.contrib import admin
from django.http import HttpRequest

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "resident_id", "action", "purpose", "object_type", "object_id")
    list_filter = ("action", "purpose")
    search_fields = ("=resident_id", "trace_id")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
