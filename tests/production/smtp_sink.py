"""An SMTP sink for the production walk: every message is stored as DIR/<n>.eml.

The deployed product sends its mail here through Django's SMTP backend (no TLS, no auth). Each
message is written to a temporary file and then renamed, so a reader never sees half a message.
Runs until SIGTERM or SIGINT.

    python tests/production/smtp_sink.py --host 127.0.0.1 --port 8125 --dir /tmp/mail
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        existing = [int(p.stem) for p in directory.glob("*.eml") if p.stem.isdigit()]
        self.numbers = itertools.count(max(existing, default=0) + 1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            number = next(self.numbers)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        final = self.directory / f"{number}.eml"
        temporary = self.directory / f".{number}.eml.tmp"
        temporary.write_bytes(content)
        os.replace(temporary, final)
        print(
            f"smtp_sink: {final.name} from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)}",
            flush=True,
        )
        return "250 Message accepted for delivery"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True, type=Path)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    controller = Controller(
        Store(args.dir),
        hostname=args.host,
        port=args.port,
        decode_data=False,
        data_size_limit=10 * 1024 * 1024,
    )
    controller.start()
    print(f"smtp_sink: listening on {args.host}:{args.port}, storing in {args.dir}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        controller.stop()
    print("smtp_sink: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
