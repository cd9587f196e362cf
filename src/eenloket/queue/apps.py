from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueConfig(AppConfig):
    name = "eenloket.queue"
    verbose_name = _("Walk-in queue")
