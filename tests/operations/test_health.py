"""/health/live, /health/ready (the database, the workers' heartbeats, the queue's age) and the
quality assurer's operations page with the queue depth and the oldest waiting task."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests.conftest import Persona
from tohu.core import clock
from tohu.core.health import beat, is_worker_process


def _waiting(task_path: str, seconds_ago: int) -> DBTaskResult[..., object]:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=clock.now() - timedelta(seconds=seconds_ago),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=clock.now() - timedelta(seconds=seconds_ago)
    )
    return task


def test_live_answers_without_the_database(public: Client) -> None:
    response = public.get("/health/live")
    assert (response.status_code, response.json()) == (200, {"status": "live"})


def test_ready_needs_a_worker_that_has_beaten(public: Client) -> None:
    response = public.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["problems"] == ["no background worker has ever beaten: start `tohu worker`"]
    assert body["checks"]["database"] is True
    beat("web-1:42", clock.now())
    response = public.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["workers_alive"] == 1


def test_ready_fails_when_the_heartbeat_is_old(public: Client) -> None:
    beat("web-1:42", clock.now() - timedelta(minutes=5))
    from tohu.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update(seen_at=clock.now() - timedelta(seconds=90))
    body = public.get("/health/ready").json()
    assert body["problems"][0].startswith("no background worker has beaten for 9")
    assert body["problems"][0].endswith("s (limit 60 s)")


def test_ready_fails_when_a_task_has_waited_too_long(public: Client) -> None:
    beat("web-1:42", clock.now())
    _waiting("tohu.achievements.tasks.process_upload", 30)
    assert public.get("/health/ready").status_code == 200
    _waiting("tohu.register.tasks.discontinue_expired", 400)
    response = public.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["queue_depth"] == 2
    assert body["checks"]["oldest_waiting_task"] == "tohu.register.tasks.discontinue_expired"
    assert body["problems"][0].startswith(
        "the oldest waiting task (tohu.register.tasks.discontinue_expired) has waited 40"
    )


def test_the_operations_page_shows_the_queue_to_the_quality_assurer(
    quality_assurer: Persona, provider: Persona
) -> None:
    beat("web-1:42", clock.now())
    _waiting("tohu.achievements.tasks.process_upload", 700)
    _waiting("tohu.credentials.tasks.issue_due", 20)
    response = quality_assurer.client.get("/operations/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<dd id="queue-depth">2</dd>' in page
    assert "<code>tohu.achievements.tasks.process_upload</code>, waiting since" in page
    assert "Needs attention" in page
    assert 'href="/operations/"' in page  # in the navigation
    assert provider.client.get("/operations/").status_code == 403


def test_only_the_worker_process_beats() -> None:
    assert is_worker_process(["/srv/tohu/.venv/bin/tohu", "worker"])
    assert is_worker_process(["manage.py", "db_worker", "--queue-name", "default"])
    assert not is_worker_process(["tohu", "worker", "--help"])
    assert not is_worker_process(["tohu", "serve"])
    assert not is_worker_process(["pytest"])
