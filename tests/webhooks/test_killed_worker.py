"""A real `tohu worker` killed (SIGKILL) while a receiver holds its request loses nothing: a
worker started after it takes the delivery back and sends every message, in order per subject.
PostgreSQL: the worker runs in its own process against the test database, which it can reach only
on a server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.conftest import Persona
from tests.webhooks.conftest import Receiver, subscribe
from tests.webhooks.test_delivery import LISTING_EVENTS, _changes, _written_order
from tohu.organisations.models import Organisation
from tohu.webhooks.models import Delivery, DeliveryState

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the killed worker needs a shared server"
    ),
]
REPO = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _worker(*options: str) -> subprocess.Popen[bytes]:
    settings = connection.settings_dict
    user, host, port = settings["USER"], settings["HOST"], settings["PORT"] or 5432
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{user}@{host}:{port}/{settings['NAME']}",
        "TOHU_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        # development's settings: the receiver listens on 127.0.0.1 over http
        "DEBUG": "1",
        "TOHU_WEBHOOKS_ALLOW_LOOPBACK": "1",
    }
    tohu = Path(sys.executable).parent / "tohu"
    return subprocess.Popen(
        [str(tohu), "worker", "--interval", "0.1", "--no-startup-delay", "--no-reload", *options],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_worker_killed_mid_delivery_loses_nothing(
    receiver: Receiver,
    provider: Persona,
    provider_org: Organisation,
    isb: Organisation,
    settings: Any,
) -> None:
    settings.TOHU_WEBHOOKS_ALLOW_LOOPBACK = True
    settings.TASKS = DATABASE_TASKS  # the worker, not this process, sends
    subscribe(receiver, provider, provider_org, LISTING_EVENTS)
    receiver.hold = threading.Event()  # the receiver keeps the first request waiting
    _changes(isb)
    assert not Delivery.objects.filter(state=DeliveryState.DELIVERED).exists()
    first = _worker()
    try:
        assert receiver.arrived.wait(60), "the worker never sent anything"
        held = Delivery.objects.exclude(owner="").get()
        assert held.state == DeliveryState.PENDING
        assert held.owner.endswith(f":{first.pid}")  # this process holds it, none other
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        first.kill()
        assert first.stderr is not None
        first.stderr.close()
    assert first.returncode == -signal.SIGKILL
    receiver.hold.set()  # the receiver answers, to nobody
    receiver.hold = None
    assert not Delivery.objects.filter(state=DeliveryState.DELIVERED).exists()
    # a worker started after it takes the delivery back at once: its holder is gone
    started = time.monotonic()
    second = _worker("--batch")
    _, errors = second.communicate(timeout=120)
    assert second.returncode == 0, errors.decode()
    assert time.monotonic() - started < 60  # not left until the lease ran out
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
    # every message arrived; the one the killed worker sent came a second time, with its id
    seen: dict[str, list[str]] = {}
    for number, ids in receiver.by_subject("listing_number").items():
        seen[number] = list(dict.fromkeys(ids))
    assert seen == _written_order()
    assert len(receiver.received) in (6, 7)
