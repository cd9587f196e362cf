from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from .checks import second_factor_settings


class AccountsConfig(AppConfig):
    name = "eenloket.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 — models are not loaded before ready()

        from .middleware import session_started  # noqa: PLC0415 — models are not loaded before ready()

        def started(sender: object, request: object, **kwargs: object) -> None:
            if request is not None:
                session_started(request)  # type: ignore[arg-type]

        user_logged_in.connect(started, dispatch_uid="eenloket-session-started", weak=False)
        checks.register(second_factor_settings, checks.Tags.security)
