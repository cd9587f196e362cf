"""What the benchmark scripts share: a database of their own, and median/p95 reporting."""

from __future__ import annotations

import os
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label: str, values: list[float], width: int = 28) -> None:
    print(
        f"{label:<{width}} n={len(values):>5}  median {statistics.median(values):7.2f} ms"
        f"  p95 {percentile(values, 0.95):7.2f} ms  max {max(values):7.2f} ms"
    )


def use_fresh_database(database: str, name: str) -> None:
    """Point Django at an empty database: var/<name>.sqlite3, or PostgreSQL database <name>."""
    if database == "sqlite":
        path = ROOT / "var" / f"{name}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "eenloket.settings.dev"
