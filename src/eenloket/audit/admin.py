from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AccessLogEntry, AuditRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "at",
        "staff",
        "resident_id",
        "action",
        "purpose",
        "status",
        "object_type",
        "object_id",
    )
    list_filter = ("action", "purpose", "status")
    list_select_related = ("audit__user",)
    search_fields = ("=resident_id", "trace_id")

    @admin.display(description="staff member")
    def staff(self, obj: Any) -> Any:
        return obj.audit.user


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "agent", "trace_id")
    search_fields = ("=trace_id", "user__username")
