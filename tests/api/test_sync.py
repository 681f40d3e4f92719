"""Keeping a student system in sync: cursor pages that stay put while rows are added, only what
changed since a time, 304 when nothing changed, and completions read, corrected and withdrawn
with their lineage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.api.conftest import send
from tests.conftest import Persona
from tests.factories import LearnerFactory, OrganisationFactory, accredit, listed_micro_credential
from tohu.achievements.models import Completion, CompletionStatus
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation, OrganisationType
from tohu.organisations.services import organisation_nzbn_set
from tohu.register.models import Accreditation, MicroCredential
from tohu.register.services import accreditation_end

URL = "/api/v1/completions"


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel("2025-06-16 10:00 +12:00", tick=False):
        yield


@pytest.fixture
def listing(isb: Organisation, provider_org: Organisation) -> str:
    micro_credential = listed_micro_credential(developer=isb, listing_number="4321")
    accredit(provider_org, micro_credential)
    return "4321"


def report(client: Client, key: str, listing: str, nsns: list[str]) -> None:
    for nsn in nsns:
        LearnerFactory.create(nsn=nsn)
    rows = [
        {"nsn": nsn, "listing_number": listing, "date_of_achievement": "2025-05-01"} for nsn in nsns
    ]
    response = send(client, "post", URL, key, {"completions": rows})
    assert response.status_code == 200, response.content


def nsns(count: int, start: int = 0) -> list[str]:
    return [f"{1000000 + start + i:010d}" for i in range(count)]


def walk(client: Client, key: str, first: str, between: Any = None) -> list[dict[str, Any]]:
    """Follow `next` from the first page; call `between` after each page."""
    seen: list[dict[str, Any]] = []
    address: str | None = first
    while address:
        response = send(client, "get", address.removeprefix("http://127.0.0.1:8000"), key)
        assert response.status_code == 200, response.content
        body = response.json()
        seen.extend(body["items"])
        if body["next"]:
            assert response["Link"] == f'<{body["next"]}>; rel="next"'
        else:
            assert "Link" not in response
        address = body["next"]
        if between:
            between()
    return seen


def test_pages_follow_the_cursor_to_the_end(
    public: Client, provider_key: str, listing: str
) -> None:
    report(public, provider_key, listing, nsns(7))
    seen = walk(public, provider_key, f"{URL}?limit=3")
    assert [c["nsn"] for c in seen] == nsns(7)


def test_rows_added_while_paging_neither_shift_nor_repeat_what_is_left(
    public: Client, provider_key: str, listing: str
) -> None:
    report(public, provider_key, listing, nsns(6))
    added = iter([nsns(2, 100), nsns(2, 200)])

    def insert_more() -> None:
        batch = next(added, None)
        if batch:
            report(public, provider_key, listing, batch)

    seen = walk(public, provider_key, f"{URL}?limit=2", insert_more)
    ids = [c["id"] for c in seen]
    assert len(ids) == 10
    assert len(ids) == len(set(ids)), "a completion came twice"
    assert set(nsns(6)) <= {c["nsn"] for c in seen}, "a completion was skipped"
    assert ids == sorted(ids)


def test_a_cursor_not_made_by_the_api_is_refused(public: Client, provider_key: str) -> None:
    response = send(public, "get", f"{URL}?cursor=eyJhZnRlciI6MX0", provider_key)
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "cursor"


def test_the_limit_has_a_maximum(public: Client, provider_key: str) -> None:
    response = send(public, "get", f"{URL}?limit=201", provider_key)
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "limit"


def test_updated_since_gives_only_what_changed(
    public: Client, provider_key: str, listing: str
) -> None:
    report(public, provider_key, listing, nsns(3))
    with time_machine.travel("2025-06-17 10:00 +12:00", tick=False):
        report(public, provider_key, listing, nsns(1, 50))
        first = Completion.objects.get(nsn=nsns(1)[0])
        withdrawn = send(
            public, "post", f"{URL}/{first.pk}/withdraw", provider_key, {"reason": "Wrong learner."}
        )
        assert withdrawn.status_code == 200, withdrawn.content
    since = "2025-06-17T00:00:00%2B12:00"
    body = send(public, "get", f"{URL}?updated_since={since}", provider_key).json()
    assert {c["nsn"] for c in body["items"]} == {nsns(1)[0], nsns(1, 50)[0]}


def test_an_unchanged_list_answers_304(public: Client, provider_key: str, listing: str) -> None:
    report(public, provider_key, listing, nsns(2))
    first = send(public, "get", URL, provider_key)
    etag, modified = first["ETag"], first["Last-Modified"]
    again = send(public, "get", URL, provider_key, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert (
        send(public, "get", URL, provider_key, **{"If-Modified-Since": modified}).status_code == 304
    )
    report(public, provider_key, listing, nsns(1, 10))
    changed = send(public, "get", URL, provider_key, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert len(changed.json()["items"]) == 3


def test_an_unchanged_document_answers_304(public: Client, listing: str) -> None:
    for suffix in ("", "/ctdl", "/achievement"):
        path = f"/api/v1/micro-credentials/{listing}{suffix}"
        first = public.get(path)
        assert first.status_code == 200
        assert public.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_correction_through_the_api_keeps_the_lineage(
    public: Client, provider_key: str, listing: str, provider: Persona
) -> None:
    report(public, provider_key, listing, nsns(1))
    old = Completion.objects.get()
    body = {"date_of_achievement": "2025-04-30", "reason": "Typed the wrong day."}
    corrected = send(public, "post", f"{URL}/{old.pk}/correct", provider_key, body)
    assert corrected.status_code == 201, corrected.content
    new = corrected.json()
    assert (new["replaces"], new["replaced_by"], new["status"]) == (old.pk, None, "recorded")
    assert new["date_of_achievement"] == "2025-04-30"
    before = send(public, "get", f"{URL}/{old.pk}", provider_key).json()
    assert (before["status"], before["replaced_by"]) == ("corrected", new["id"])
    assert before["reason"] == "Typed the wrong day."
    again = send(public, "post", f"{URL}/{old.pk}/correct", provider_key, body)
    assert again.status_code == 409
    assert again.json()["rule_id"] == "ROA-correct"
    assert Completion.objects.filter(status=CompletionStatus.RECORDED).count() == 1


def test_a_correction_breaking_a_rule_changes_nothing(
    public: Client, provider_key: str, listing: str
) -> None:
    report(public, provider_key, listing, nsns(1))
    old = Completion.objects.get()
    future = {"date_of_achievement": "2030-01-01", "reason": "x"}
    response = send(public, "post", f"{URL}/{old.pk}/correct", provider_key, future)
    assert response.status_code == 400
    assert response.json()["field"] == "date_of_achievement"
    odd = {"date_of_achievement": "²²²²-01-01", "reason": "x"}
    response = send(public, "post", f"{URL}/{old.pk}/correct", provider_key, odd)
    assert response.status_code == 400
    assert response.json()["rule_id"] == "ROA-fields"
    assert Completion.objects.get().date_of_achievement == date(2025, 5, 1)


def test_another_organisations_completion_does_not_exist_for_a_key(
    public: Client, provider_key: str, listing: str, outsider: Persona
) -> None:
    from tests.api.conftest import issue_key

    report(public, provider_key, listing, nsns(1))
    completion = Completion.objects.get()
    theirs = issue_key(outsider)
    assert send(public, "get", f"{URL}/{completion.pk}", theirs).status_code == 404
    response = send(public, "post", f"{URL}/{completion.pk}/withdraw", theirs, {"reason": "x"})
    assert response.status_code == 404
    assert Completion.objects.get().status == CompletionStatus.RECORDED


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("2025-06-17T00:00:00", "give the time with its zone"),
        ("9999-12-31T23:00:00-05:00", "is out of range"),
    ],
)
def test_updated_since_needs_a_zone_and_a_time_in_range(
    public: Client, provider_key: str, since: str, message: str
) -> None:
    response = send(public, "get", f"{URL}?updated_since={since}", provider_key)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["column"] == "updated_since"
    assert message in error["message"]


def test_updated_since_takes_any_zone_offset(
    public: Client, provider_key: str, listing: str
) -> None:
    report(public, provider_key, listing, nsns(1))
    since = "2025-06-16T00:00:00%2B16:17"
    response = send(public, "get", f"{URL}?updated_since={since}", provider_key)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


DOCUMENTS = (
    "/api/v1/micro-credentials/4321",
    "/api/v1/micro-credentials/4321/ctdl",
    "/api/v1/micro-credentials/4321/achievement",
    "/micro-credentials/4321/versions/1/ctdl.json",
    "/micro-credentials/4321/versions/1/achievement.json",
)


@pytest.mark.parametrize("path", DOCUMENTS)
def test_a_document_moves_its_last_modified_when_an_accreditation_is_granted(
    public: Client, listing: str, path: str
) -> None:
    first = public.get(path)
    assert first.status_code == 200
    modified = first["Last-Modified"]
    assert modified == "Sun, 15 Jun 2025 22:00:00 GMT"
    unchanged = public.get(path, HTTP_IF_MODIFIED_SINCE=modified)
    assert unchanged.status_code == 304
    assert public.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    other = OrganisationFactory.create(slug="eastern-skills", org_type=OrganisationType.PTE)
    with time_machine.travel("2025-06-18 09:00 +12:00", tick=False):
        accredit(other, MicroCredential.objects.get(listing_number=listing))
    again = public.get(path, HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 200
    assert again["Last-Modified"] == "Tue, 17 Jun 2025 21:00:00 GMT"
    assert public.get(path, HTTP_IF_MODIFIED_SINCE=again["Last-Modified"]).status_code == 304


def test_a_document_moves_its_last_modified_when_an_accreditation_ends_or_a_name_shown_changes(
    public: Client, listing: str, provider_org: Organisation
) -> None:
    path = f"/api/v1/micro-credentials/{listing}/ctdl"
    modified = public.get(path)["Last-Modified"]
    with time_machine.travel("2025-06-18 09:00 +12:00", tick=False):
        organisation_nzbn_set(actor=SYSTEM, organisation=provider_org, nzbn="9429000000017")
    moved = public.get(path, HTTP_IF_MODIFIED_SINCE=modified)
    assert moved.status_code == 200
    assert "9429000000017" in moved.content.decode()
    with time_machine.travel("2025-06-19 09:00 +12:00", tick=False):
        accreditation_end(
            actor=SYSTEM,
            accreditation=Accreditation.objects.get(provider=provider_org),
            status="withdrawn",
            ended_on=date(2025, 6, 19),
            reason="No longer delivered.",
        )
    ended = public.get(path, HTTP_IF_MODIFIED_SINCE=moved["Last-Modified"])
    assert ended.status_code == 200
    assert ended["Last-Modified"] == "Wed, 18 Jun 2025 21:00:00 GMT"
