"""Fetching other issuers' documents: https only, a time and size limit, never an internal
address; tested against real servers on this machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.credentials.servers import answer, localhost_certificate, serving
from tohu.credentials.verification.fetch import Fetcher, FetchRefused

DOCUMENT = {"id": "did:web:example", "verificationMethod": []}


def test_a_loopback_server_is_never_fetched_from_in_production():
    with serving({"/did.json": answer(json.dumps(DOCUMENT).encode())}) as port:
        for url in (f"https://127.0.0.1:{port}/did.json", f"https://localhost:{port}/did.json"):
            with pytest.raises(FetchRefused, match="inside a network"):
                Fetcher().json(url)


@pytest.mark.parametrize(
    "host",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "[::1]",
        "[fd00::1]",
        "0.0.0.0",
        "100.64.0.1",
    ],
)
def test_internal_addresses_are_refused_before_any_connection(host: str):
    with pytest.raises(FetchRefused, match="inside a network"):
        Fetcher(timeout=0.5).json(f"https://{host}/did.json")


def test_only_https_is_fetched():
    with pytest.raises(FetchRefused, match="not an https address"):
        Fetcher().json("http://example.org/did.json")
    with pytest.raises(FetchRefused, match="not an https address"):
        Fetcher().json("file:///etc/passwd")


def test_a_document_is_fetched_over_verified_tls(tmp_path: Path):
    server_tls, client_tls = localhost_certificate(tmp_path)
    body = json.dumps(DOCUMENT).encode()
    with serving({"/did.json": answer(body)}, tls=server_tls) as port:
        fetcher = Fetcher(allow_loopback=True, tls=client_tls)
        assert fetcher.json(f"https://localhost:{port}/did.json") == DOCUMENT
        # the same server without trusting its certificate: refused
        with pytest.raises(FetchRefused, match="could not be fetched"):
            Fetcher(allow_loopback=True).json(f"https://localhost:{port}/did.json")


def test_a_slow_server_is_cut_off_at_the_time_limit():
    with serving(
        {
            "/slow": answer(b"{}", delay=2.0),
            "/drip": answer(b'{"a": "' + b"x" * 40 + b'"}', drip=True),
        }
    ) as port:
        fetcher = Fetcher(allow_loopback=True, timeout=0.5)
        with pytest.raises(FetchRefused, match=r"did not answer within 0\.5 s"):
            fetcher.json(f"http://127.0.0.1:{port}/slow")
        with pytest.raises(FetchRefused, match=r"did not answer within 0\.5 s"):
            fetcher.json(f"http://127.0.0.1:{port}/drip")


def test_a_large_answer_is_refused_at_the_size_limit():
    big = answer(b"[" + b"0," * 200_000 + b"0]")
    with (
        serving({"/big": big}) as port,
        pytest.raises(FetchRefused, match="more than 262144 bytes"),
    ):
        Fetcher(allow_loopback=True).json(f"http://127.0.0.1:{port}/big")


def test_errors_and_non_json_say_what_happened():
    with serving({"/text": answer(b"<html>")}) as port:
        fetcher = Fetcher(allow_loopback=True)
        with pytest.raises(FetchRefused, match="answered 404, not 200"):
            fetcher.json(f"http://127.0.0.1:{port}/missing")
        with pytest.raises(FetchRefused, match="did not answer with JSON"):
            fetcher.json(f"http://127.0.0.1:{port}/text")
