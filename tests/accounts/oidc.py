"""Start the test identity provider (tests/oidc_provider) as a real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Provider:
    """A running identity provider and the client registered with it for Tohu."""

    issuer: str
    client_id: str
    client_secret: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(directory: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "TOHU_TEST_OIDC_DIR": str(directory),
    }
    done = subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


SETUP = """
from django.contrib.auth.models import User
from oauth2_provider.models import Application
User.objects.create_user("{username}", "{email}", "{password}", first_name="Hine")
Application.objects.create(
    client_id="tohu", client_secret="tohu-secret", name="Tohu", redirect_uris="{redirect}",
    client_type="confidential", authorization_grant_type="authorization-code",
    algorithm="RS256", skip_authorization=True, hash_client_secret=False,
)
"""


@contextmanager
def identity_provider(
    directory: Path, *, redirect_uri: str, username: str, email: str, password: str
) -> Iterator[Provider]:
    """Run the provider on a free loopback port until the block ends."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (directory / "rsa.pem").write_bytes(pem)
    _manage(directory, "migrate", "--noinput", "-v", "0")
    setup = SETUP.format(username=username, email=email, password=password, redirect=redirect_uri)
    _manage(directory, "shell", "-c", setup)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "TOHU_TEST_OIDC_DIR": str(directory),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the test identity provider did not start") from None
                time.sleep(0.2)
        yield Provider(f"http://127.0.0.1:{port}/o", "tohu", "tohu-secret")
    finally:
        server.terminate()
        server.wait(timeout=30)
