"""Background work of appointments, run by `eenloket worker` (inline in tests)."""

from django_tasks import task

from . import services


@task()
def appointments_remind() -> int:
    """Send tomorrow's reminders."""
    return services.appointment_reminders_send()
