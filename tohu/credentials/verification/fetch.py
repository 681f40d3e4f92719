"""Fetching other issuers' DID documents and status lists over https, carefully.

Only https; a time limit on the whole exchange and a size limit on the answer; no redirects; and
never an address inside a network (loopback, private, link-local, reserved...): the host is
resolved once, every address checked, and the connection made to the checked address, so a DNS
answer that changes between the check and the connection cannot send it inside.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

MAX_BYTES = 256 * 1024
TIMEOUT_SECONDS = 5.0


class FetchRefused(Exception):
    """Raise when a document cannot be fetched; the message says why, for the person checking."""


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_global and not ip.is_multicast


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connect to an address already checked, with the host name for TLS and Host."""

    def __init__(
        self, host: str, address: str, port: int, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._tls = context

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


@dataclass
class Fetcher:
    """Fetch JSON documents. The defaults are for production; tests of the fetch itself may
    allow loopback addresses, over http or https (`allow_loopback`), which production never
    does."""

    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    allow_loopback: bool = False
    tls: ssl.SSLContext = field(default_factory=ssl.create_default_context)

    def json(self, url: str) -> Any:
        """Return the parsed JSON at the address, or raise FetchRefused."""
        body = self._get(url)
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise FetchRefused(f"{url} did not answer with JSON") from None

    def check(self, url: str) -> None:
        """Raise FetchRefused unless the address is one this fetcher would reach (its scheme,
        and every address its host resolves to now)."""
        self._connection(url)[0].close()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """POST the body (no redirects followed); return the answer's status, whatever it is,
        and its first `max_bytes`; raise FetchRefused when no answer came."""
        deadline = time.monotonic() + self.timeout
        connection, path = self._connection(url)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            status, excerpt = response.status, self._read(response, url, deadline, cut=True)
        except (OSError, http.client.HTTPException) as error:
            if isinstance(error, TimeoutError | socket.timeout):
                raise FetchRefused(f"{url} did not answer within {self.timeout:g} s") from None
            raise FetchRefused(f"{url} could not be reached: {error}") from None
        finally:
            connection.close()
        return status, excerpt

    def _address(self, host: str, port: int) -> str:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            raise FetchRefused(f"the host {host} could not be found") from None
        addresses = [str(info[4][0]) for info in infos]
        if self.allow_loopback and all(ipaddress.ip_address(a).is_loopback for a in addresses):
            return addresses[0]
        if not addresses or not all(_is_public(address) for address in addresses):
            raise FetchRefused(
                f"{host} is an address inside a network ({', '.join(sorted(set(addresses)))}); "
                "Tohu does not fetch from there"
            )
        return addresses[0]

    def _connection(self, url: str) -> tuple[http.client.HTTPConnection, str]:
        parts = urlsplit(url)
        if parts.scheme != "https" and not (self.allow_loopback and parts.scheme == "http"):
            raise FetchRefused(f"{url} is not an https address")
        if not parts.hostname:
            raise FetchRefused(f"{url} has no host")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self._address(parts.hostname, port)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.scheme == "https":
            return _PinnedHTTPSConnection(
                parts.hostname, address, port, self.timeout, self.tls
            ), path
        return _PinnedHTTPConnection(parts.hostname, address, port, self.timeout), path

    def _get(self, url: str) -> bytes:
        deadline = time.monotonic() + self.timeout
        connection, path = self._connection(url)
        try:
            connection.request("GET", path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            if response.status != 200:
                raise FetchRefused(f"{url} answered {response.status}, not 200")
            body = self._read(response, url, deadline)
        except (OSError, http.client.HTTPException) as error:
            if isinstance(error, TimeoutError | socket.timeout):
                raise FetchRefused(f"{url} did not answer within {self.timeout:g} s") from None
            raise FetchRefused(f"{url} could not be fetched: {error}") from None
        finally:
            connection.close()
        return body

    def _read(
        self, response: http.client.HTTPResponse, url: str, deadline: float, cut: bool = False
    ) -> bytes:
        # a deadline for the whole answer: a server that drips a byte at a time is cut off too
        body = bytearray()
        while chunk := response.read1(64 * 1024):
            body += chunk
            if len(body) > self.max_bytes and cut:
                return bytes(body[: self.max_bytes])
            if len(body) > self.max_bytes:
                raise FetchRefused(f"{url} answered with more than {self.max_bytes} bytes")
            if time.monotonic() > deadline:
                raise TimeoutError
        return bytes(body)
