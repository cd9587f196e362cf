"""Background work of referrals, run by `eenloket worker` (inline in tests)."""

from django_tasks import task

from . import services


@task()
def referrals_check_due() -> int:
    """Remind the specialists of referrals that are late or not accepted within a working day."""
    return services.referral_reminders_send()
