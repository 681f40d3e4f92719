"""/api/v1/ points to its documentation; /api/v1/docs is served from Tohu's own static files."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_api_root_links_to_the_docs_and_the_openapi_document(public: Client) -> None:
    response = public.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["docs"] == "http://127.0.0.1:8000/api/v1/docs"
    assert body["openapi"] == "http://127.0.0.1:8000/api/v1/openapi.json"
    assert body["name"] == "Tohu API"
    assert public.get("/api/v1/openapi.json").status_code == 200


def test_the_docs_page_loads_every_script_and_style_from_this_site(public: Client) -> None:
    response = public.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-NZ">' in html
    assert '<main id="main"' in html
    assert re.search(r"<h1[^>]*>Tohu API documentation</h1>", html)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    for source in sources:
        assert source.startswith(("/", "#")), f"{source} is not on this site"
    assets = [s for s in sources if s.startswith("/static/")]
    assert {"/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui.css"} <= set(assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not a static file"
