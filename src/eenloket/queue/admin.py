from django.contrib import admin

from .models import Desk, Queue


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "kind", "prefix"]
    list_filter = ["location"]


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "location"]
    list_filter = ["location"]
    filter_horizontal = ["queues"]
