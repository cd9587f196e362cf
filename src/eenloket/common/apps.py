from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "eenloket.common"
    verbose_name = "Common"
