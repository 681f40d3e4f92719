"""Arbitrary Unicode (NUL, lone surrogates, digits of other scripts, anything) into every form
field, query parameter and API field Tohu has, as each demo persona: never a server error.

The pages and forms are found by following the links each persona sees from their dashboard and
the register; the API operations come from the OpenAPI document. Runs on both databases.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties import suppressed
from tohu.core.principal import Scope
from tohu.demo.build import build_demo, sign_ins
from tohu.organisations import services as organisation_services
from tohu.organisations.models import Organisation, Role

# pages not to follow: signing out ends the persona's session, and documents are not pages
SKIP = re.compile(r"^/(static|admin|sign-out)/|\.(pdf|png|svg|ics|csv|json)$")
PAGES_PER_PERSONA = 30

ODD = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "\ud800",
        "x\udfff",
        "²²²²-01-01",
        "２０２６-１１-２３",
        "٣",
        "߁",
        "\u200b",
        "\ufeff",
        "-1",
        "1e9",
        "9" * 30,
        "",
    ]
)
TEXT = st.one_of(
    ODD,
    st.text(st.characters(exclude_categories=()), max_size=12),
    st.builds(lambda a, b: a + b, ODD, st.text(max_size=6)),
)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class _Page(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.links: list[str] = []
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(urljoin(self.base, values["href"]))
        elif tag == "form":
            action = urljoin(self.base, values.get("action") or self.base)
            self.forms.append(Form(action, (values.get("method") or "get").lower()))
        elif (
            tag in ("input", "select", "textarea", "button")
            and self.forms
            and values.get("name", "csrfmiddlewaretoken") != "csrfmiddlewaretoken"
        ):
            self.forms[-1].fields.setdefault(values["name"], values.get("value", ""))


@dataclass
class Target:
    client: Client
    method: str
    url: str
    fields: dict[str, str]
    json_body: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def _local(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or SKIP.search(parts.path):
        return None
    return parts.path


def _crawl(client: Client) -> tuple[list[str], list[Form]]:
    seen: set[str] = set()
    queue = ["/dashboard/", "/"]
    forms: dict[tuple[str, str, tuple[str, ...]], Form] = {}
    while queue and len(seen) < PAGES_PER_PERSONA:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.streaming:  # read a download to its end, which closes its file
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert response.status_code < 500, path
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page(path)
        page.feed(response.content.decode())
        for link in page.links:
            local = _local(link)
            if local and local not in seen:
                queue.append(local)
        for form in page.forms:
            local = _local(form.action)
            if local:
                form.action = local
                forms.setdefault((form.method, local, tuple(sorted(form.fields))), form)
    return sorted(seen), list(forms.values())


def _api_targets(client: Client, key: str) -> list[Target]:
    document = client.get("/api/v1/openapi.json").json()
    schemas = document.get("components", {}).get("schemas", {})
    targets = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            url = re.sub(r"\{[^}]+\}", "1", path)
            query = {
                p["name"]: "" for p in operation.get("parameters", []) if p.get("in") == "query"
            }
            body: dict[str, str] = {}
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            ref = schema.get("$ref", "")
            if ref:
                body = dict.fromkeys(schemas[ref.rsplit("/", 1)[-1]].get("properties", {}), "")
            headers = {"Authorization": f"Bearer {key}"}
            if query:
                targets.append(Target(client, "get" if method == "get" else method, url, query,
                                      headers=headers))  # fmt: skip
            if body:
                targets.append(Target(client, method, url, body, json_body=True, headers=headers))
            if not query and not body:
                targets.append(Target(client, method, url, {"unexpected": ""}, headers=headers))
    return targets


def _send(target: Target, values: dict[str, str]) -> int:
    client = target.client
    if target.json_body:
        response = client.generic(
            target.method.upper(),
            target.url,
            json.dumps(values),
            content_type="application/json",
            headers=target.headers,
        )
    elif target.method == "get":
        query = urlencode(values, encoding="utf-8", errors="surrogatepass")
        response = client.get(f"{target.url}?{query}", headers=target.headers)
    else:
        body = urlencode(values, encoding="utf-8", errors="surrogatepass")
        response = client.generic(
            target.method.upper(),
            target.url,
            body,
            content_type="application/x-www-form-urlencoded",
            headers=target.headers,
        )
    if response.streaming:
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.status_code


@pytest.fixture
def targets(db: None) -> list[Target]:
    build_demo()
    users = get_user_model().objects
    found: list[Target] = []
    anonymous = Client(raise_request_exception=False)
    for sign_in in sign_ins():
        client = Client(raise_request_exception=False)
        client.force_login(users.get(username=sign_in.username))
        pages, forms = _crawl(client)
        for page in pages:
            found.append(Target(client, "get", page, {"q": "", "page": "", "before": ""}))
        for form in forms:
            found.append(Target(client, form.method, form.action, form.fields))
    pages, forms = _crawl(anonymous)
    found += [Target(anonymous, "get", page, {"q": "", "page": ""}) for page in pages]
    found += [Target(anonymous, form.method, form.action, form.fields) for form in forms]
    provider = Organisation.objects.filter(memberships__role=Role.ADMIN).first()
    assert provider is not None
    admin = provider.memberships.filter(role=Role.ADMIN).first()
    assert admin is not None
    key = organisation_services.api_key_create(
        actor=admin.user, organisation=provider, name="Odd input", scopes=[s.value for s in Scope]
    ).plaintext
    found += _api_targets(Client(raise_request_exception=False), key)
    return found


def test_odd_text_in_any_field_never_makes_a_server_error(targets: list[Target]) -> None:
    assert len({t.url for t in targets}) > 40  # the crawl reached the portals, not only the home
    # first every field of every form and API operation, each odd value in turn, all fields at once
    failures = []
    for target in targets:
        for odd in ("a\x00b", "\ud800", "²²²²-01-01", "٣"):
            status = _send(target, dict.fromkeys(target.fields, odd))
            if status >= 500:
                failures.append(f"{target.method.upper()} {target.url} {odd!r} -> {status}")
    assert not failures, "\n".join(failures)

    # then arbitrary text in any choice of fields, the others keeping the values the page gave
    @settings(
        max_examples=120,
        deadline=None,
        derandomize=True,
        suppress_health_check=suppressed(HealthCheck.function_scoped_fixture),
    )
    @given(data=st.data())
    def probe(data: Any) -> None:
        target = data.draw(st.sampled_from(targets), label="target")
        values = dict(target.fields)
        for name in data.draw(
            st.lists(st.sampled_from(sorted(values)), min_size=1, unique=True), label="fields"
        ):
            values[name] = data.draw(TEXT, label=name)
        status = _send(target, values)
        assert status < 500, f"{target.method.upper()} {target.url} {values!r} -> {status}"

    probe()
