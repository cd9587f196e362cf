"""`eenloket serve`: migrate, optionally load the demo, and serve with gunicorn."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from gunicorn.app.base import BaseApplication

from eenloket.demo import DemoRefused, demo_allowed


class Command(BaseCommand):
    help = "Migrate the database, optionally load demo data, and serve the platform."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--demo", action="store_true", help="load or refresh the demo data first"
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the background worker (`eenloket worker`) beside the web server",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["demo"]:
            try:
                demo_allowed()
            except DemoRefused as exc:
                raise CommandError(str(exc)) from None
        connection.ensure_connection()
        call_command("migrate", interactive=False, verbosity=0)
        if options["demo"]:
            call_command("demo")
        from eenloket.wsgi import application  # noqa: PLC0415 — importing it builds the app

        bind = f"{options['host']}:{options['port']}"

        # gunicorn has no types, so its base class is Any to mypy; nothing to check there.
        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                self.cfg.set("bind", bind)
                self.cfg.set("workers", options["workers"])
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("threads", 4)
                self.cfg.set("accesslog", None)
                self.cfg.set("graceful_timeout", 5)

            def load(self) -> Any:
                return application

        self.stdout.write(self.style.SUCCESS(f"Eén Loket: http://{bind}/  (Ctrl-C stops)"))
        connection.close()
        # The background work (mail reminders, the daily jobs) runs beside the web server, as in
        # production where it is its own service.
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "eenloket.cli", "worker"])
        try:
            Server().run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=60)
