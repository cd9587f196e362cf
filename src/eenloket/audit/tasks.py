"""Background work of the audit app, run by `eenloket worker` (inline in tests)."""

from django_tasks import task

from .retention import retention_apply


@task()
def retention_daily() -> dict[str, int]:
    """Delete what is past its retention period."""
    return retention_apply()
