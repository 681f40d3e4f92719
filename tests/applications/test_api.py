"""The applications API: an applicant's own applications with its organisation's key."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.applications.conftest import LISTING_VALUES, MakeDraft
from tests.conftest import Persona
from tohu.applications.models import Application
from tohu.organisations import services as organisation_services

URL = "/api/v1/applications"


@pytest.fixture
def key(provider: Persona) -> str:
    assert provider.organisation is not None
    return organisation_services.api_key_create(
        actor=provider.user,
        organisation=provider.organisation,
        name="Course system",
        scopes=["applications:write"],
    ).plaintext


@pytest.fixture
def outsider_key(outsider: Persona) -> str:
    assert outsider.organisation is not None
    return organisation_services.api_key_create(
        actor=outsider.user,
        organisation=outsider.organisation,
        name="Theirs",
        scopes=["applications:write"],
    ).plaintext


def _headers(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _post(client: Client, url: str, key: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json", headers=_headers(key))


def test_an_applicant_creates_updates_and_submits_through_the_api(public: Client, key: str) -> None:
    values = {k: v for k, v in LISTING_VALUES.items() if k != "isb_support"}
    created = _post(
        public, URL, key, {"application_type": "listing_approval", **values, "title": ""}
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft"
    assert ("LOR-6.1a", "block") in {(f["rule_id"], f["severity"]) for f in body["findings"]}
    refused = _post(public, f"{URL}/{body['id']}/submit", key)
    assert refused.status_code == 400
    assert refused.json()["code"] == "precheck_blocked"
    assert {
        "field": "title",
        "message": "The title is missing.",
        "rule_id": "LOR-6.1a",
    } in refused.json()["errors"] or any(
        p["rule_id"] == "LOR-6.1a" for p in refused.json()["errors"]
    )
    patched = public.patch(
        f"{URL}/{body['id']}",
        {
            "title": "Safe Forklift Operation",
            "isb_support": "not_sought",
            "edit_version": body["edit_version"],
        },
        content_type="application/json",
        headers=_headers(key),
    )
    assert patched.status_code == 200, patched.json()
    submitted = _post(public, f"{URL}/{body['id']}/submit", key)
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    findings = public.get(f"{URL}/{body['id']}/findings", headers=_headers(key)).json()
    assert [f["rule_id"] for f in findings] == ["WDC-support"]


def test_a_stale_edit_version_answers_409_and_changes_nothing(public: Client, key: str) -> None:
    created = _post(public, URL, key, {"application_type": "listing_approval"}).json()
    url = f"{URL}/{created['id']}"
    first = public.patch(
        url,
        {"title": "One", "edit_version": created["edit_version"]},
        content_type="application/json",
        headers=_headers(key),
    )
    assert first.status_code == 200
    second = public.patch(
        url,
        {"title": "Two", "edit_version": created["edit_version"]},
        content_type="application/json",
        headers=_headers(key),
    )
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"
    assert Application.objects.get().title == "One"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"application_type": "listing_approval", "level": 12}, "level"),
        ({"application_type": "made_up"}, "application_type"),
        ({"application_type": "listing_approval", "learning_outcomes": "x"}, "learning_outcomes"),
    ],
)
def test_bad_input_names_the_field(
    public: Client, key: str, body: dict[str, Any], field: str
) -> None:
    response = _post(public, URL, key, body)
    assert response.status_code == 400
    assert field in {p["column"].split(".")[-1] for p in response.json()["errors"]}
    assert not Application.objects.exists()


def test_who_may_apply_is_answered_with_the_rule(public: Client, key: str) -> None:
    response = _post(public, URL, key, {"application_type": "equivalency"})
    assert response.status_code == 400
    assert response.json()["rule_id"] == "EQV-who"


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("patch", ""),
        ("get", "/findings"),
        ("post", "/submit"),
        ("post", "/withdraw"),
        ("post", "/reply"),
    ],
)
def test_an_outsiders_key_never_sees_another_organisations_draft(
    public: Client, key: str, outsider_key: str, method: str, suffix: str
) -> None:
    created = _post(public, URL, key, {"application_type": "listing_approval"}).json()
    url = f"{URL}/{created['id']}{suffix}"
    body: dict[str, Any] = {"edit_version": 1} if method == "patch" else {}
    if suffix == "/reply":
        body = {"reply": "x"}
    response = getattr(public, method)(
        url, body, content_type="application/json", headers=_headers(outsider_key)
    )
    assert response.status_code == 404
    assert Application.objects.get().status == "draft"
    assert public.get(URL, headers=_headers(outsider_key)).json()["items"] == []


def test_no_key_no_answer(public: Client) -> None:
    assert public.get(URL).status_code == 401
    assert public.get(URL, headers=_headers("tohu_nope_nope")).status_code == 401


def test_the_list_takes_the_same_queries_however_many_applications(
    public: Client, key: str, make_draft: MakeDraft, provider: Persona
) -> None:
    make_draft(provider)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert public.get(URL, headers=_headers(key)).status_code == 200
        return len(captured)

    count()  # the first use of a key records when it was used
    baseline = count()
    make_draft(provider)
    make_draft(provider)
    assert count() == baseline
    assert len(public.get(URL, headers=_headers(key)).json()["items"]) == 3


def test_the_endpoints_are_in_the_openapi_document(public: Client) -> None:
    paths = public.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        URL,
        f"{URL}/{{application_id}}",
        f"{URL}/{{application_id}}/submit",
        f"{URL}/{{application_id}}/findings",
    ):
        assert path in paths


def test_a_reply_through_the_api_resumes_evaluation(
    public: Client, key: str, make_draft: MakeDraft, provider: Persona, quality_assurer: Persona
) -> None:
    from datetime import date

    from tohu.applications import services

    application = make_draft(provider)
    services.application_submit(actor=provider.user, application=application)
    services.application_begin_evaluation(actor=quality_assurer.user, application=application)
    services.information_request(
        actor=quality_assurer.user,
        application=application,
        questions="More?",
        due_on=date(2026, 4, 1),
    )
    response = _post(public, f"{URL}/{application.pk}/reply", key, {"reply": "Here it is."})
    assert response.status_code == 200
    assert response.json()["status"] == "in_evaluation"


def test_documents_are_attached_through_the_api_and_disguises_refused(
    public: Client, key: str, media: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.applications.conftest import pdf_bytes

    created = _post(public, URL, key, {"application_type": "listing_approval"}).json()
    url = f"{URL}/{created['id']}/attachments"
    good = SimpleUploadedFile("letter.pdf", pdf_bytes())
    response = public.post(url, {"file": good, "purpose": "support_letter"}, headers=_headers(key))
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "pdf"
    disguised = SimpleUploadedFile("letter.pdf", b"MZ" + b"\x00" * 64)
    response = public.post(url, {"file": disguised}, headers=_headers(key))
    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert "is not a PDF, DOCX or XLSX" in response.json()["detail"]


def test_an_outsiders_key_cannot_attach_to_another_organisations_draft(
    public: Client, key: str, outsider_key: str, media: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.applications.conftest import pdf_bytes

    created = _post(public, URL, key, {"application_type": "listing_approval"}).json()
    upload = SimpleUploadedFile("letter.pdf", pdf_bytes())
    response = public.post(
        f"{URL}/{created['id']}/attachments", {"file": upload}, headers=_headers(outsider_key)
    )
    assert response.status_code == 404
