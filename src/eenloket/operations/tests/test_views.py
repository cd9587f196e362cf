"""The health endpoints the load balancer probes and the metrics endpoint Prometheus scrapes."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from eenloket.operations import views
from eenloket.operations.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

METRICS_TOKEN = "scrape-" + "x" * 32


def heartbeat(seconds_ago: float) -> WorkerHeartbeat:
    seen_at = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="app1", pid=123, started_at=seen_at, seen_at=seen_at
    )


def test_live_answers_without_the_database(client: Client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_ready_with_a_fresh_heartbeat(client: Client) -> None:
    heartbeat(seconds_ago=5)
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_not_ready_without_a_worker(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    response = client.get("/health/ready")
    assert not caplog.records  # the load balancer probes every few seconds
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "migrations": "ok", "worker": "stale"},
    }


def test_not_ready_when_the_worker_went_quiet(client: Client, settings: Any) -> None:
    settings.WORKER_STALE_SECONDS = 60
    heartbeat(seconds_ago=90)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"


def test_not_ready_with_unapplied_migrations(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eenloket.operations import views

    heartbeat(seconds_ago=5)
    monkeypatch.setattr(views, "_migrations_applied", False)  # a process that just started
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m", False)])
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "migrations": "pending", "worker": "ok"}
    # Applied later (`migrate` ran): the same process turns ready without a restart.
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [])
    assert client.get("/health/ready").status_code == 200


def test_not_ready_when_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    heartbeat(seconds_ago=5)

    def refuse() -> str:
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "_database", refuse)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"


def test_probes_only_read(client: Client) -> None:
    assert client.head("/health/live").status_code == 200
    assert client.post("/health/live").status_code == 405
    assert client.post("/health/ready").status_code == 405


def test_metrics_are_off_without_a_token(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer wrong-token",
        f"Basic {METRICS_TOKEN}",
        f"Bearer {METRICS_TOKEN}x",
    ],
)
def test_metrics_refuse_a_missing_or_wrong_token(
    client: Client, settings: Any, authorization: str | None
) -> None:
    settings.METRICS_TOKEN = METRICS_TOKEN
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = client.get("/metrics", **headers)
    assert response.status_code == 401
    assert response.content == b""
    assert response["WWW-Authenticate"] == "Bearer"


def test_metrics_count_requests_by_route_never_by_path(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = METRICS_TOKEN
    link_token = secrets.token_urlsafe(32)
    assert client.get(f"/afspraak/{link_token}/").status_code == 404
    assert client.get("/bestaat/niet/").status_code == 404

    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {METRICS_TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert (
        'eenloket_http_requests_total{method="GET",route="appointment_link",status="404"}' in text
    )
    assert 'eenloket_http_requests_total{method="GET",route="unmatched",status="404"}' in text
    assert 'eenloket_http_request_duration_seconds_bucket{le="0.005",route="appointment_link"}' in (
        text
    )
    assert link_token not in text
    assert "/afspraak/" not in text and "bestaat" not in text
