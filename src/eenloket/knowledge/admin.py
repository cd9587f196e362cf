from django.contrib import admin

from .models import LifeEvent, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "organisation_code")
    list_filter = ("organisation_code",)
    search_fields = ("code", "name")


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
