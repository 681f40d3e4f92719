"""POST and GET /api/v1/completions with an organisation's API key."""

from __future__ import annotations

import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Persona
from tests.factories import LearnerFactory
from tohu.achievements.models import Completion
from tohu.learners.models import Learner
from tohu.organisations import services as organisation_services
from tohu.register.models import MicroCredential

URL = "/api/v1/completions"


def key_for(persona: Persona) -> str:
    assert persona.organisation is not None
    issued = organisation_services.api_key_create(
        actor=persona.user,
        organisation=persona.organisation,
        name="Student system",
        scopes=["completions:write"],
    )
    return issued.plaintext


def post(client: Client, key: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    response = client.post(
        URL, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    return response.status_code, response.json()


ONE = {"nsn": "0000012345", "listing_number": "4321", "date_of_achievement": "2025-05-01"}


def test_a_student_system_reports_completions_with_its_key(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], public: Client
) -> None:
    status, body = post(public, key_for(provider), {"completions": [ONE]})
    assert status == 200
    assert (body["status"], body["recorded"], body["problems"]) == ("recorded", 1, [])
    assert Completion.objects.get().provider == provider.organisation
    status, again = post(public, key_for(provider), {"completions": [ONE]})
    assert (status, again["recorded"], again["already_recorded"]) == (200, 0, 1)


def test_the_api_gives_the_same_messages_as_the_file(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], public: Client
) -> None:
    bad = {**ONE, "nsn": "00000A2345"}
    status, body = post(public, key_for(provider), {"completions": [ONE, bad]})
    assert status == 422
    assert (body["code"], body["status"], body["rejected"]) == ("rejected", 422, 1)
    assert body["errors"] == [
        {
            "row": 2,
            "column": "nsn",
            "value": "00000A2345",
            "rule_id": "ROA-nsn",
            "message": "“00000A2345” is not an NSN: an NSN is digits only (no letters or spaces).",
        }
    ]
    assert Completion.objects.count() == 0
    status, body = post(public, key_for(provider), {"completions": [ONE, bad], "partial": True})
    assert (status, body["recorded"], body["rejected"]) == (200, 1, 1)


def test_a_date_in_other_digits_is_a_clear_problem_not_a_server_error(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], public: Client
) -> None:
    odd = {**ONE, "date_of_achievement": "²²²²-01-01"}
    status, body = post(public, key_for(provider), {"completions": [odd], "partial": True})
    assert status == 422
    assert body["errors"] == [
        {
            "row": 1,
            "column": "date_of_achievement",
            "value": "²²²²-01-01",
            "rule_id": "ROA-fields",
            "message": "“²²²²-01-01” is not a date: write its digits as 0 to 9.",
        }
    ]


def test_an_api_problem_gives_the_value_as_sent(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], public: Client
) -> None:
    status, body = post(public, key_for(provider), {"completions": [{**ONE, "nsn": "=1+1"}]})
    assert status == 422
    assert body["errors"][0]["value"] == "=1+1"  # type: ignore[index]


def test_a_missing_field_is_named(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], public: Client
) -> None:
    status, body = post(public, key_for(provider), {"completions": [{"nsn": "0000012345"}]})
    assert status == 422
    problems = body["errors"]
    assert isinstance(problems, list)
    assert [p["column"] for p in problems] == ["listing_number", "date_of_achievement"]


def test_unknown_fields_are_refused_by_name(
    provider: Persona, forklift: MicroCredential, public: Client
) -> None:
    status, body = post(public, key_for(provider), {"completions": [{**ONE, "grade": "A"}]})
    assert status == 400
    assert body["errors"] == [
        {
            "row": 1,
            "column": "grade",
            "value": "A",
            "rule_id": None,
            "message": "Extra inputs are not permitted",
        }
    ]
    assert "row 1, grade" in str(body["detail"])


def test_a_dry_run_records_nothing(
    provider: Persona, forklift: MicroCredential, learners: list[Learner], public: Client
) -> None:
    status, body = post(public, key_for(provider), {"completions": [ONE], "dry_run": True})
    assert (status, body["dry_run"], body["recorded"], body["batch_id"]) == (200, True, 1, None)
    assert Completion.objects.count() == 0


def test_without_a_key_nothing_is_recorded(public: Client, forklift: MicroCredential) -> None:
    response = public.post(URL, json.dumps({"completions": [ONE]}), content_type="application/json")
    assert response.status_code == 401
    response = public.get(URL)
    assert response.status_code == 401


def test_a_key_reports_only_for_its_organisation_and_lists_only_its_own(
    provider: Persona,
    outsider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    public: Client,
) -> None:
    post(public, key_for(provider), {"completions": [ONE]})
    status, body = post(public, key_for(outsider), {"completions": [{**ONE, "nsn": "0000067890"}]})
    assert status == 422
    assert body["errors"][0]["rule_id"] == "LOR-18.2"  # type: ignore[index]
    listed = public.get(URL, HTTP_AUTHORIZATION=f"Bearer {key_for(outsider)}")
    assert listed.status_code == 200
    assert listed.json() == {"items": [], "next": None}
    mine = public.get(URL, HTTP_AUTHORIZATION=f"Bearer {key_for(provider)}").json()
    assert [c["nsn"] for c in mine["items"]] == ["0000012345"]


def test_the_list_takes_the_same_queries_for_more_rows(
    provider: Persona, forklift: MicroCredential, public: Client
) -> None:
    key = key_for(provider)
    people = [LearnerFactory.create(nsn=f"{n:010d}") for n in range(1, 31)]
    post(public, key, {"completions": [{**ONE, "nsn": people[0].nsn}]})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert public.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
        return len(captured)

    one = queries()
    post(public, key, {"completions": [{**ONE, "nsn": p.nsn} for p in people[1:]]})
    assert queries() == one


def test_the_endpoints_are_in_the_openapi_document(public: Client) -> None:
    document = public.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/completions"]["post"]
    assert operation["summary"] == "Report completions"
    assert "400" in operation["responses"]
