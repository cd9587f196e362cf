"""Reference data for administrators. Residents and cases are deliberately not in the admin."""

from django.contrib import admin

from .models import (
    ClosingDay,
    HoursException,
    Location,
    LocationService,
    OpeningHours,
    Organisation,
    ProfessionalLine,
    StaffMembership,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "code")


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosingDayInline(admin.TabularInline):
    model = ClosingDay
    extra = 0


class HoursExceptionInline(admin.TabularInline):
    model = HoursException
    extra = 0


class LocationServiceInline(admin.TabularInline):
    model = LocationService
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "city", "is_active")
    list_filter = ("municipality", "is_active")
    search_fields = ("name", "city")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OpeningHoursInline, ClosingDayInline, HoursExceptionInline, LocationServiceInline]


@admin.register(ProfessionalLine)
class ProfessionalLineAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "phone", "opens", "closes")
    list_filter = ("organisation",)
    filter_horizontal = ("topics",)


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "location")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__last_name")
    autocomplete_fields = ("user",)
