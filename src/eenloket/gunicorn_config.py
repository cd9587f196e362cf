"""gunicorn's settings for production:

    gunicorn --config python:eenloket.gunicorn_config eenloket.wsgi

GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes, default 2) and
GUNICORN_THREADS (threads per worker, default 4) come from the environment. gunicorn writes no
access log: the application logs one JSON line per request itself. gunicorn's own lines (workers
starting, timing out) are JSON too, through the project's redaction filter. With
PROMETHEUS_MULTIPROC_DIR set, each worker's request metrics go to files in that folder; it is
emptied when gunicorn starts, and a worker's files are marked dead when it exits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from prometheus_client import multiprocess

from eenloket.common.config import env_int

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = env_int("WEB_CONCURRENCY", default=2)
threads = env_int("GUNICORN_THREADS", default=4)
worker_class = "gthread"
graceful_timeout = 30
accesslog = None
# gunicorn 25+ opens a control socket in $HOME for `gunicornctl`; reloads here use SIGHUP.
control_socket_disable = True

_FILTERS = ["redact_secrets", "request_context"]
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "eenloket.common.logging.JsonFormatter"}},
    "filters": {
        "redact_secrets": {"()": "eenloket.common.logging.RedactSecretsFilter"},
        "request_context": {"()": "eenloket.common.logging.RequestContextFilter"},
    },
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": _FILTERS,
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["json"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["json"], "level": "INFO", "propagate": False},
        # A logging config switches gunicorn's access log on; this keeps it silent.
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}


def _multiproc_dir() -> Path | None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(path) if path else None


def on_starting(server: Any) -> None:
    """Counts left over from an earlier run would be added to this run's."""
    directory = _multiproc_dir()
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if _multiproc_dir() is not None:
        multiprocess.mark_process_dead(worker.pid)
