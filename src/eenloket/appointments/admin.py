from django.contrib import admin

from .models import BookableService, ServiceHours


class ServiceHoursInline(admin.TabularInline):
    model = ServiceHours
    extra = 0


@admin.register(BookableService)
class BookableServiceAdmin(admin.ModelAdmin):
    list_display = ["service", "duration_minutes", "capacity", "horizon_days", "is_active"]
    list_filter = ["is_active", "service__location"]
    filter_horizontal = ["topics"]
    inlines = [ServiceHoursInline]
