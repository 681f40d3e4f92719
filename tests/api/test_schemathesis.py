"""Schemathesis against the live OpenAPI document: generated requests to every operation, with
a valid key of each scope, give no server error and no answer the document does not describe.

Examples are kept few (EXAMPLES an operation) so the run takes a couple of minutes; the
operations and their error responses are all covered each run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import time_machine
from django.core.cache import cache
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from tests.api.conftest import issue_key
from tests.conftest import Persona
from tests.factories import LearnerFactory, accredit, listed_micro_credential
from tohu.core.principal import Scope
from tohu.organisations.models import Organisation
from tohu.wsgi import application

EXAMPLES = 4
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def register(isb: Organisation, provider_org: Organisation) -> Iterator[None]:
    """A listing the provider is accredited for, a learner, and fresh rate-limit counts."""
    with time_machine.travel("2025-06-16 10:00 +12:00", tick=True):
        accredit(provider_org, listed_micro_credential(developer=isb, listing_number="1234"))
        LearnerFactory.create(nsn="0000012345")
        cache.clear()
        yield


@pytest.fixture
def keys(provider: Persona) -> dict[str, str]:
    """A key with every scope, and a key with each scope alone."""
    found = {"every scope": issue_key(provider, list(Scope))}
    found.update({scope.value: issue_key(provider, [scope]) for scope in Scope})
    return found


# each request commits on its own, as in production (a test transaction around them all would be
# spoilt for the rest by any statement the database refuses and the code handles)
@pytest.mark.django_db(transaction=True)
def test_the_api_answers_as_its_document_says(keys: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    results = list(schema.get_all_operations())
    # an operation schemathesis cannot read is a fault in the document, not one to skip
    assert all(isinstance(result, Ok) for result in results), results
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) >= 20
    answered: dict[int, int] = {}

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            phases=[Phase.explicit, Phase.generate],
        )
        def answers_as_documented(case: Any) -> None:
            for key in keys.values():
                cache.clear()  # the rate limit is tested elsewhere; here every request is answered
                response = case.call_and_validate(
                    headers={"Authorization": f"Bearer {key}"}, checks=CHECKS
                )
                answered[response.status_code] = answered.get(response.status_code, 0) + 1

        answers_as_documented()
    # every operation was called, and the calls were not all refused
    assert sum(answered.values()) >= len(operations) * len(keys)
    assert sum(n for status, n in answered.items() if status < 300) > len(operations)
