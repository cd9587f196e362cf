from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "eenloket.audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        # Every app declares its personal data in its own `privacy` module (see
        # `common.personal_data`); importing them here fills the registry the privacy tasks walk.
        autodiscover_modules("privacy")
