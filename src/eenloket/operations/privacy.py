"""The worker's heartbeat and the schedule hold nobody's personal data."""

from eenloket.common.personal_data import not_personal

from .models import ScheduledRun, WorkerHeartbeat

not_personal(WorkerHeartbeat, "a worker process: host, pid, last seen")
not_personal(ScheduledRun, "a scheduled job's run")
