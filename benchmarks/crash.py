"""Crash safety: register contacts and book appointments under load while the app is killed.

    .venv/bin/python benchmarks/crash.py [--kills 5] [--seconds 4] [--threads 8]

PostgreSQL only (database eenloket_bench_crash on 127.0.0.1). Loads the demo, makes an API token
for the demo front-office worker, and starts gunicorn (2 workers × 4 threads). Client threads
then register contacts for demo residents (`POST /api/contacts`) and book free appointment slots
(`POST /api/appointments`), each with a unique marker, while every few seconds the whole
gunicorn process group is killed with SIGKILL and started again.

Afterwards it checks, in the database:
- every request that was answered 201 is there, with the id the answer gave and its marker;
- nothing is half-written: every contact made by the run has its access-log line (written in the
  same transaction), every appointment its link-token hash and its access-log line when it has a
  resident, and no marker exists twice;
- requests cut off by a kill (no answer) are either wholly there or wholly absent.
Prints the counts and exits 1 on any violation.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from _common import ROOT, use_fresh_database

DATABASE = "eenloket_bench_crash"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def prepare() -> tuple[str, list[int], list[tuple[int, list[str]]]]:
    """Demo data, an API token, the residents and the free slots to use."""
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from eenloket.accounts.models import User
    from eenloket.accounts.services import api_token_create
    from eenloket.appointments.models import BookableService
    from eenloket.appointments.slots import free_slots
    from eenloket.demo import load_demo
    from eenloket.residents.models import Resident

    load_demo()
    front = User.objects.get(username="frontoffice")
    _token, raw = api_token_create(user=front, name="crash benchmark")
    residents = list(
        Resident.objects.filter(municipality=front.membership.organisation).values_list(
            "pk", flat=True
        )
    )
    bookings = [
        (booking.pk, [slot.starts_at.isoformat() for slot in free_slots(booking, days=30)])
        for booking in BookableService.objects.filter(
            service__location__municipality=front.membership.organisation
        )
    ]
    return raw, residents, bookings


class App:
    """gunicorn in its own process group, so one SIGKILL takes the master and every worker."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "EENLOKET_MFA": "1"}
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "eenloket.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/toegankelijkheid/", timeout=1)  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def post(token: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 - our own local server
        f"{BASE}{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}
    except urllib.error.URLError as error:
        if isinstance(error.reason, ConnectionRefusedError):
            return -1, {}  # the app is down: never reached it
        return 0, {}  # cut off: sent, no answer
    except (ConnectionError, TimeoutError, OSError):
        return 0, {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0, help="load between two kills")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    use_fresh_database("postgres", DATABASE)
    token, residents, bookings = prepare()
    slots = [(booking, start) for booking, starts in bookings for start in starts]
    slot_lock = threading.Lock()
    run = uuid.uuid4().hex[:8]
    acknowledged: list[tuple[str, int, str]] = []  # (kind, id, marker)
    sent: list[tuple[str, str]] = []
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            marker = f"crash-{run}-{number}-{n}"
            if n % 3:
                kind, path = "contact", "/api/contacts"
                body: dict[str, Any] = {
                    "channel": "balie",
                    "question": marker,
                    "outcome": "answered",
                    "answer": "Uitgelegd.",
                    "resident_id": residents[n % len(residents)],
                }
            else:
                with slot_lock:
                    if not slots:
                        continue
                    booking, start = slots.pop()
                kind, path = "appointment", "/api/appointments"
                body = {"booking_id": booking, "starts_at": start, "name": marker}
            status, answer = post(token, path, body)
            if status == -1:
                if kind == "appointment":
                    with slot_lock:
                        slots.append((booking, start))
                with lock:
                    outcomes["refused (app down)"] += 1
                time.sleep(0.05)
                continue
            with lock:
                sent.append((kind, marker))
                outcomes[f"{kind} {status or 'cut off'}"] += 1
                if status == 201:
                    acknowledged.append((kind, int(answer["id"]), marker))

    app = App()
    app.start()
    with ThreadPoolExecutor(args.threads) as pool:
        for number in range(args.threads):
            pool.submit(client, number)
        for kill in range(args.kills):
            time.sleep(args.seconds)
            app.kill()
            print(f"kill {kill + 1}: SIGKILL to gunicorn and its workers", flush=True)
            time.sleep(0.5)
            app.start()
        time.sleep(args.seconds)
        stop.set()
    app.kill()
    sys.exit(verify(acknowledged, sent, outcomes))


def verify(
    acknowledged: list[tuple[str, int, str]], sent: list[tuple[str, str]], outcomes: Counter[str]
) -> int:
    from eenloket.appointments.models import Appointment
    from eenloket.audit.models import AccessLogEntry
    from eenloket.contacts.models import Contact

    problems: list[str] = []
    markers = {marker for _kind, marker in sent}
    contacts = {c.question: c for c in Contact.objects.filter(question__startswith="crash-")}
    appointments = {a.name: a for a in Appointment.objects.filter(name__startswith="crash-")}
    for kind, pk, marker in acknowledged:
        stored = (contacts if kind == "contact" else appointments).get(marker)
        if stored is None or stored.pk != pk:
            problems.append(f"acknowledged {kind} {pk} ({marker}) is missing")
    logged = set(
        AccessLogEntry.objects.filter(object_type="contacts.contact").values_list(
            "object_id", flat=True
        )
    )
    for marker, contact in contacts.items():
        if marker not in markers:
            problems.append(f"contact {contact.pk} was never sent")
        if str(contact.pk) not in logged:
            problems.append(f"contact {contact.pk} has no access-log line (half-written)")
    for appointment in appointments.values():
        if not appointment.token_hash:
            problems.append(f"appointment {appointment.pk} has no link token (half-written)")
    duplicates = Counter(
        Contact.objects.filter(question__startswith="crash-").values_list("question", flat=True)
    )
    problems += [f"{marker} stored {n} times" for marker, n in duplicates.items() if n > 1]

    print(
        f"requests sent: {len(sent)}; answered 201: {len(acknowledged)}; in the database: "
        f"{len(contacts)} contacts, {len(appointments)} appointments"
    )
    for outcome, n in sorted(outcomes.items()):
        print(f"  {outcome:<24} {n}")
    unanswered_stored = len(contacts) + len(appointments) - len(acknowledged)
    print(f"cut off by a kill but stored whole: {unanswered_stored}")
    if problems:
        print(f"{len(problems)} problems:")
        for problem in problems[:20]:
            print("  " + problem)
        return 1
    print("every acknowledged request is stored; nothing is half-written")
    return 0


if __name__ == "__main__":
    main()
