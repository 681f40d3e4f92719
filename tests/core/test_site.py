"""SITE_URL outside a request, and the checks that production sets an https one."""

from __future__ import annotations

import pytest
from django.core.checks import Error
from django.test import override_settings

from tohu.core import checks
from tohu.core.site import LOCAL_SITE_URL, absolute_url, site_url


@override_settings(SITE_URL="")
def test_unset_outside_a_request_is_the_local_address() -> None:
    assert site_url() == LOCAL_SITE_URL
    assert absolute_url("/api/v1/") == "http://127.0.0.1:8000/api/v1/"


@pytest.mark.parametrize(
    ("debug", "url", "deploy_ids", "always_ids"),
    [
        (False, "", ["tohu.E001"], []),
        (False, "http://tohu.example.govt.nz", ["tohu.E001"], ["tohu.E002"]),
        (False, "ftp://tohu.example.govt.nz", ["tohu.E001"], ["tohu.E002"]),
        (False, "http://127.0.0.1:8000", ["tohu.E001"], []),
        (False, "https://tohu.example.govt.nz", [], []),
        (True, "", [], []),
        (True, "http://tohu.example.govt.nz", [], []),
    ],
)
def test_production_requires_an_https_site_url(
    debug: bool, url: str, deploy_ids: list[str], always_ids: list[str]
) -> None:
    with override_settings(DEBUG=debug, SITE_URL=url):
        deploy = checks.site_url_is_https()
        always = checks.site_url_is_not_plain_http()
    assert [message.id for message in deploy] == deploy_ids
    assert [message.id for message in always] == always_ids
    for message in [*deploy, *always]:
        assert isinstance(message, Error)
        assert "SITE_URL" in message.msg
        assert message.hint is not None
        assert "https://" in message.hint
