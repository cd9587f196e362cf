from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "eenloket.triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from eenloket.knowledge.selectors import topic_hinter_register

        from .selectors import triage_topics

        topic_hinter_register(triage_topics)
