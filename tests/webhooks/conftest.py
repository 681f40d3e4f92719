"""A real webhook receiver (http.server in a thread) that checks each message's signature with
the `standardwebhooks` library, and endpoints that send to it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.conftest import Persona
from tohu.organisations.models import Organisation
from tohu.webhooks import services
from tohu.webhooks.models import EventType


@dataclass
class Received:
    msg_id: str
    type: str
    data: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Receiver:
    """Answers `status` to each message whose signature holds (401 to one whose does not);
    `down()` stops listening (connections are refused), `up()` listens again on the same port."""

    secret: str = ""
    status: int = 204
    hold: threading.Event | None = None  # when set, each request waits for it before answering
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    connections: int = 0  # every connection accepted, whatever came over it (TLS, or nothing)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def up(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers.items())
                receiver.arrived.set()
                if receiver.hold is not None:
                    receiver.hold.wait(60)
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                except WebhookVerificationError as error:
                    receiver.refused.append(str(error))
                    self.send_response(401)
                    self.end_headers()
                    return
                if 200 <= receiver.status < 300:
                    receiver.received.append(
                        Received(headers["webhook-id"], payload["type"], payload["data"], headers)
                    )
                self.send_response(receiver.status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answer {receiver.status}".encode())

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def verify_request(self, request: Any, client_address: Any) -> bool:
                receiver.connections += 1
                return True

        self._server = Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def by_subject(self, key: str) -> dict[Any, list[str]]:
        order: dict[Any, list[str]] = {}
        for item in self.received:
            order.setdefault(item.data[key], []).append(item.msg_id)
        return order


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    receiver.up()
    yield receiver
    receiver.down()


@pytest.fixture
def loopback(settings: Any) -> None:
    # development's setting: the receiver listens on 127.0.0.1 over http
    settings.TOHU_WEBHOOKS_ALLOW_LOOPBACK = True


def subscribe(
    receiver: Receiver,
    actor: Persona,
    organisation: Organisation,
    events: Sequence[str] | None = None,
) -> services.IssuedSecret:
    """Subscribe the receiver to events (all by default) and give it the secret."""
    issued = services.endpoint_create(
        actor=actor.user,
        organisation=organisation,
        url=receiver.url,
        event_types=events or list(EventType.values),
    )
    receiver.secret = issued.secret
    return issued


def payload_of(received: Received) -> str:
    return json.dumps(received.data)
