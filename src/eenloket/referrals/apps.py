from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "eenloket.referrals"
    verbose_name = _("Referrals and professional lines")

    def ready(self) -> None:
        # Withdrawal lives in residents, below referrals: referrals subscribe to it (ADR 0018).
        from eenloket.residents.services import consent_withdrawal_subscribe  # noqa: PLC0415 — not before ready()

        from .services import referrals_recall_on_withdrawal  # noqa: PLC0415 — models load first

        consent_withdrawal_subscribe(referrals_recall_on_withdrawal)
