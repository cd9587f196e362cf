from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "eenloket.operations"
    verbose_name = "Operations"
