"""`eenloket serve`: migrate, optionally load the demo, and serve with gunicorn."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = "Migrate the database, optionally load demo data, and serve the platform."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--demo", action="store_true", help="load or refresh the demo data first"
        )
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        connection.ensure_connection()
        call_command("migrate", interactive=False, verbosity=0)
        if options["demo"]:
            call_command("demo")
        from gunicorn.app.base import BaseApplication

        from eenloket.wsgi import application

        bind = f"{options['host']}:{options['port']}"

        class Server(BaseApplication):
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
        Server().run()
