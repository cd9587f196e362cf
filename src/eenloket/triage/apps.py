from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "eenloket.triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from eenloket.knowledge.selectors import topic_hinter_register  # noqa: PLC0415 — models are not loaded before ready()

        from .selectors import triage_topics  # noqa: PLC0415 — models are not loaded before ready()

        topic_hinter_register(triage_topics)
