"""The organisation's webhooks page and the /api/v1/webhooks endpoints: administrators (and keys
with `webhooks:manage`) add, list, disable, enable, rotate and redeliver; everyone else is
refused; the secret is shown once; bad input is answered with the field and changes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from standardwebhooks.webhooks import Webhook

from tests.api.conftest import issue_key, send
from tests.conftest import Persona, _persona
from tests.factories import listed_micro_credential
from tests.webhooks.conftest import Receiver
from tohu.core.models import AuditEvent
from tohu.organisations.models import Organisation, Role
from tohu.webhooks import sending, services
from tohu.webhooks.models import Delivery, Endpoint

# real commits: messages go out after the commit that wrote them, as in production
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback")]
EVENTS = ["listing.approved", "listing.status_changed"]


def _add(persona: Persona, url: str, events: list[str] = EVENTS) -> Any:
    path = reverse("webhooks:endpoints", args=[persona.organisation.slug])  # type: ignore[union-attr]
    return persona.client.post(path, {"url": url, "event_types": events, "description": "SMS"})


def test_an_administrator_adds_an_endpoint_and_sees_its_secret_once(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    response = _add(provider, receiver.url)
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    endpoint = Endpoint.objects.get()
    secret = sending.endpoint_secret(endpoint)
    assert secret.startswith("whsec_")
    assert secret in response.content.decode()
    # never again: not on the list, the endpoint's page or the organisation's page
    pages = [
        reverse("webhooks:endpoints", args=[provider_org.slug]),
        reverse("webhooks:endpoint", args=[provider_org.slug, endpoint.pk]),
        reverse("organisations:detail", args=[provider_org.slug]),
    ]
    for page in pages:
        shown = provider.client.get(page)
        assert shown.status_code == 200
        assert receiver.url in shown.content.decode()
        assert secret not in shown.content.decode()
    receiver.secret = secret
    listed_micro_credential(developer=isb, listing_number="4001")
    assert [r.type for r in receiver.received] == ["listing.approved"]
    log = provider.client.get(pages[1]).content.decode()
    assert Delivery.objects.get().message.msg_id in log
    assert "204 in" in log


@pytest.mark.parametrize(
    ("url", "events", "says"),
    [
        ("https://10.0.0.5/hooks", EVENTS, "inside a network"),
        ("ftp://example.org/", EVENTS, "not an https address"),
        ("RECEIVER", ["listing.eaten"], "Select a valid choice"),
        ("RECEIVER", [], "This field is required"),
    ],
)
def test_a_bad_endpoint_is_refused_with_the_reason_and_nothing_is_written(
    receiver: Receiver, provider: Persona, url: str, events: list[str], says: str
) -> None:
    before = AuditEvent.objects.count()
    response = _add(provider, receiver.url if url == "RECEIVER" else url, events)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert Endpoint.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_staff_may_not_manage_webhooks_and_outsiders_do_not_see_them(
    receiver: Receiver, provider: Persona, provider_org: Organisation, outsider: Persona
) -> None:
    endpoint = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    ).endpoint
    staff = _persona("provider-staff", provider_org, Role.STAFF)
    list_page = reverse("webhooks:endpoints", args=[provider_org.slug])
    detail = reverse("webhooks:endpoint", args=[provider_org.slug, endpoint.pk])
    disable = reverse("webhooks:endpoint-disable", args=[provider_org.slug, endpoint.pk])
    assert staff.client.get(list_page).status_code == 403
    assert staff.client.get(detail).status_code == 403
    assert staff.client.post(disable).status_code == 403
    assert outsider.client.get(list_page).status_code == 404
    assert outsider.client.post(disable).status_code == 404
    assert Client().get(list_page).status_code == 302  # to sign in
    assert Endpoint.objects.get().disabled_at is None


def test_disable_enable_rotate_and_redeliver_from_the_page(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    issued = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    )
    receiver.secret = issued.secret
    slug, pk = provider_org.slug, issued.endpoint.pk
    listed_micro_credential(developer=isb, listing_number="4002")
    provider.client.post(reverse("webhooks:endpoint-disable", args=[slug, pk]))
    assert Endpoint.objects.get().disabled_at is not None
    provider.client.post(reverse("webhooks:endpoint-enable", args=[slug, pk]))
    assert Endpoint.objects.get().disabled_at is None
    rotated = provider.client.post(reverse("webhooks:endpoint-rotate", args=[slug, pk]))
    new_secret = sending.endpoint_secret(Endpoint.objects.get())
    assert new_secret != issued.secret
    assert new_secret in rotated.content.decode()
    receiver.secret = new_secret
    sent = Delivery.objects.get()
    redeliver = reverse("webhooks:delivery-redeliver", args=[slug, pk, sent.pk])
    assert provider.client.post(redeliver).status_code == 302
    assert [r.msg_id for r in receiver.received] == [sent.message.msg_id] * 2
    assert len(receiver.refused) == 0


def test_the_list_links_each_endpoint_to_its_edit_and_delete_pages(
    receiver: Receiver, provider: Persona, provider_org: Organisation
) -> None:
    endpoint = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    ).endpoint
    page = provider.client.get(reverse("webhooks:endpoints", args=[provider_org.slug]))
    text = page.content.decode()
    assert reverse("webhooks:endpoint-edit", args=[provider_org.slug, endpoint.pk]) in text
    assert reverse("webhooks:endpoint-delete", args=[provider_org.slug, endpoint.pk]) in text


def test_an_administrator_edits_an_endpoint_and_its_secret_stays(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    issued = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    )
    receiver.secret = issued.secret
    edit = reverse("webhooks:endpoint-edit", args=[provider_org.slug, issued.endpoint.pk])
    form = provider.client.get(edit)
    assert form.status_code == 200
    shown = form.content.decode()
    assert f'value="{receiver.url}"' in shown
    ticked = set(re.findall(r'value="([a-z_.]+)"[^>]* checked', shown))
    assert ticked == set(EVENTS)
    answer = provider.client.post(
        edit,
        {"url": receiver.url + "/v2", "event_types": ["listing.approved"], "description": "New"},
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse(
        "webhooks:endpoint", args=[provider_org.slug, issued.endpoint.pk]
    )
    changed = Endpoint.objects.get()
    assert (changed.url, changed.event_types, changed.description) == (
        receiver.url + "/v2",
        ["listing.approved"],
        "New",
    )
    assert sending.endpoint_secret(changed) == issued.secret
    [audited] = AuditEvent.objects.filter(event="webhook_endpoint.changed")
    assert audited.detail["url"] == receiver.url + "/v2"
    listed_micro_credential(developer=isb, listing_number="4003")
    assert len(receiver.received) == 1  # signed with the secret it kept


@pytest.mark.parametrize(
    ("url", "events", "says"),
    [
        ("https://10.0.0.5/hooks", EVENTS, "inside a network"),
        ("RECEIVER", [], "This field is required"),
    ],
)
def test_a_bad_edit_is_refused_with_the_reason_and_nothing_changes(
    receiver: Receiver,
    provider: Persona,
    provider_org: Organisation,
    url: str,
    events: list[str],
    says: str,
) -> None:
    endpoint = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    ).endpoint
    before = AuditEvent.objects.count()
    edit = reverse("webhooks:endpoint-edit", args=[provider_org.slug, endpoint.pk])
    answer = provider.client.post(
        edit, {"url": receiver.url if url == "RECEIVER" else url, "event_types": events}
    )
    assert answer.status_code == 400
    assert says in answer.content.decode()
    assert "The endpoint was not changed" in answer.content.decode()
    unchanged = Endpoint.objects.get()
    assert (unchanged.url, unchanged.event_types) == (receiver.url, EVENTS)
    assert AuditEvent.objects.count() == before


def test_an_administrator_deletes_an_endpoint_after_confirming(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    issued = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    )
    receiver.secret = issued.secret
    listed_micro_credential(developer=isb, listing_number="4004")
    assert Delivery.objects.count() == 1
    delete = reverse("webhooks:endpoint-delete", args=[provider_org.slug, issued.endpoint.pk])
    confirm = provider.client.get(delete)
    assert confirm.status_code == 200
    assert "Delete this webhook endpoint?" in confirm.content.decode()
    assert Endpoint.objects.count() == 1  # asking changes nothing
    answer = provider.client.post(delete)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("webhooks:endpoints", args=[provider_org.slug])
    assert Endpoint.objects.count() == Delivery.objects.count() == 0
    [audited] = AuditEvent.objects.filter(event="webhook_endpoint.deleted")
    assert audited.detail["url"] == receiver.url
    listing = provider.client.get(answer["Location"]).content.decode()
    assert "is deleted, with its deliveries" in listing


def test_staff_and_outsiders_may_not_edit_or_delete_an_endpoint(
    receiver: Receiver, provider: Persona, provider_org: Organisation, outsider: Persona
) -> None:
    endpoint = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    ).endpoint
    staff = _persona("provider-staff", provider_org, Role.STAFF)
    edit = reverse("webhooks:endpoint-edit", args=[provider_org.slug, endpoint.pk])
    delete = reverse("webhooks:endpoint-delete", args=[provider_org.slug, endpoint.pk])
    change = {"url": "https://example.org/x", "event_types": ["review.due"]}
    for page in (edit, delete):
        assert staff.client.get(page).status_code == 403
        assert outsider.client.get(page).status_code == 404
    assert staff.client.post(edit, change).status_code == 403
    assert outsider.client.post(edit, change).status_code == 404
    assert staff.client.post(delete).status_code == 403
    assert outsider.client.post(delete).status_code == 404
    kept = Endpoint.objects.get()
    assert (kept.url, kept.event_types) == (receiver.url, EVENTS)


def test_the_delivery_log_costs_the_same_queries_however_many_deliveries(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    issued = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    )
    receiver.secret = issued.secret
    page = reverse("webhooks:endpoint", args=[provider_org.slug, issued.endpoint.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert provider.client.get(page).status_code == 200
        return len(queries)

    listed_micro_credential(developer=isb, listing_number="4003")
    one = count()
    for number in range(4004, 4010):
        listed_micro_credential(developer=isb, listing_number=str(number))
    assert count() == one


# ---- the API -------------------------------------------------------------------------------


def test_a_key_with_webhooks_manage_does_everything_the_page_does(
    receiver: Receiver, provider: Persona, isb: Organisation
) -> None:
    key = issue_key(provider, ["webhooks:manage"])
    client = Client()
    made = send(
        client,
        "post",
        "/api/v1/webhooks/endpoints",
        key,
        {"url": receiver.url, "event_types": EVENTS, "description": "SMS"},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["secret"].startswith("whsec_")
    receiver.secret = body["secret"]
    path = f"/api/v1/webhooks/endpoints/{body['id']}"
    assert "secret" not in send(client, "get", path, key).json()
    listed = send(client, "get", "/api/v1/webhooks/endpoints", key).json()
    assert [e["id"] for e in listed["items"]] == [body["id"]]
    changed = send(client, "patch", path, key, {"event_types": ["listing.approved"]})
    assert changed.json()["event_types"] == ["listing.approved"]
    listed_micro_credential(developer=isb, listing_number="4010")
    log = send(client, "get", f"{path}/deliveries", key).json()["items"]
    [delivery] = log
    assert delivery["state"] == "delivered"
    assert delivery["attempt_log"][0]["status_code"] == 204
    again = send(client, "post", f"{path}/deliveries/{delivery['id']}/redeliver", key)
    assert again.status_code == 200
    assert len(again.json()["attempt_log"]) == 2
    assert send(client, "post", f"{path}/disable", key).json()["active"] is False
    assert send(client, "post", f"{path}/enable", key).json()["active"] is True
    rotated = send(client, "post", f"{path}/rotate-secret", key).json()
    assert rotated["secret"] != body["secret"]
    assert Webhook(rotated["secret"])  # a secret in Standard Webhooks' form
    assert send(client, "delete", path, key).status_code == 204
    assert Endpoint.objects.count() == 0


def test_the_api_refuses_without_the_scope_and_hides_another_organisations_endpoints(
    receiver: Receiver, provider: Persona, provider_org: Organisation, outsider: Persona
) -> None:
    endpoint = services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=receiver.url, event_types=EVENTS
    ).endpoint
    client = Client()
    unscoped = issue_key(provider, ["completions:read"])
    refused = send(client, "get", "/api/v1/webhooks/endpoints", unscoped)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    other = issue_key(outsider, ["webhooks:manage"])
    path = f"/api/v1/webhooks/endpoints/{endpoint.pk}"
    for method in ("get", "delete"):
        assert send(client, method, path, other).status_code == 404
    assert send(client, "post", f"{path}/disable", other).status_code == 404
    assert send(client, "get", "/api/v1/webhooks/endpoints", other).json()["items"] == []
    assert Endpoint.objects.get().disabled_at is None


def test_a_bad_address_by_api_is_a_problem_naming_the_field(provider: Persona) -> None:
    key = issue_key(provider, ["webhooks:manage"])
    answer = send(
        Client(),
        "post",
        "/api/v1/webhooks/endpoints",
        key,
        {"url": "https://169.254.169.254/latest", "event_types": ["review.due"]},
    )
    assert answer.status_code == 400
    problem = answer.json()
    assert problem["field"] == "url"
    assert "inside a network" in problem["detail"]
    unknown = send(
        Client(),
        "post",
        "/api/v1/webhooks/endpoints",
        key,
        {"url": "https://example.org/x", "event_types": ["listing.eaten"]},
    )
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "event_types"
    assert Endpoint.objects.count() == 0
