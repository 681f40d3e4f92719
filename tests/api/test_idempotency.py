"""`Idempotency-Key` on POST: a retry after a timeout gets the first answer and records nothing
twice, also when the two requests arrive at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client

from tests.api.conftest import issue_key, send
from tests.conftest import Persona
from tests.factories import LearnerFactory, accredit, listed_micro_credential
from tohu.achievements.models import Completion, ImportBatch
from tohu.applications.models import Application
from tohu.organisations.models import Organisation

URL = "/api/v1/completions"
ONE = {
    "completions": [
        {"nsn": "0000012345", "listing_number": "4321", "date_of_achievement": "2025-05-01"}
    ]
}


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel("2025-06-16 10:00 +12:00", tick=False):
        yield


@pytest.fixture
def listing(isb: Organisation, provider_org: Organisation) -> None:
    accredit(provider_org, listed_micro_credential(developer=isb, listing_number="4321"))
    LearnerFactory.create(nsn="0000012345")


def test_a_retry_gets_the_first_answer_and_records_nothing_again(
    public: Client, provider_key: str, listing: None
) -> None:
    first = send(public, "post", URL, provider_key, ONE, **{"Idempotency-Key": "retry-1"})
    assert first.status_code == 200
    again = send(public, "post", URL, provider_key, ONE, **{"Idempotency-Key": "retry-1"})
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert ImportBatch.objects.count() == 1
    assert again.json()["batch_id"] == first.json()["batch_id"]


def test_the_same_key_with_another_body_is_refused(
    public: Client, provider_key: str, listing: None
) -> None:
    send(public, "post", URL, provider_key, ONE, **{"Idempotency-Key": "k"})
    other = {**ONE, "dry_run": True}
    response = send(public, "post", URL, provider_key, other, **{"Idempotency-Key": "k"})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"


def test_keys_belong_to_the_key_that_sent_them(
    public: Client, provider_key: str, outsider: Persona, listing: None
) -> None:
    body = {"application_type": "listing_approval"}
    theirs = issue_key(outsider)
    mine = send(
        public, "post", "/api/v1/applications", provider_key, body, **{"Idempotency-Key": "a"}
    )
    other = send(public, "post", "/api/v1/applications", theirs, body, **{"Idempotency-Key": "a"})
    assert (mine.status_code, other.status_code) == (201, 201)
    assert mine.json()["id"] != other.json()["id"]
    assert Application.objects.count() == 2


def test_without_a_key_each_post_counts(public: Client, provider_key: str, listing: None) -> None:
    send(public, "post", URL, provider_key, {**ONE, "dry_run": True})
    send(public, "post", URL, provider_key, {**ONE, "dry_run": True})
    assert Completion.objects.count() == 0


def test_a_bad_key_is_refused(public: Client, provider_key: str) -> None:
    response = send(public, "post", URL, provider_key, ONE, **{"Idempotency-Key": "x" * 256})
    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"


def test_the_header_is_documented_on_every_post(public: Client) -> None:
    document = public.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        if "post" in item:
            names = [p["name"] for p in item["post"].get("parameters", [])]
            assert "Idempotency-Key" in names, path


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_identical_requests_at_once_record_once(
    provider: Persona, isb: Organisation, provider_org: Organisation
) -> None:
    accredit(provider_org, listed_micro_credential(developer=isb, listing_number="4321"))
    LearnerFactory.create(nsn="0000012345")
    key = issue_key(provider)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def post() -> None:
        barrier.wait()
        response = send(Client(), "post", URL, key, ONE, **{"Idempotency-Key": "same-moment"})
        statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) in ([200, 200], [200, 409])
    assert ImportBatch.objects.count() == 1
    assert Completion.objects.count() == 1
