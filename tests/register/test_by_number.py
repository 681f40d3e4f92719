"""`micro_credential_by_number`: the one lookup by listing number for pages, endpoints and forms."""

from __future__ import annotations

import pytest

from tests.conftest import Persona
from tests.register.conftest import Register
from tohu.core.errors import NotFound
from tohu.register.selectors import micro_credential_by_number


def test_a_listing_is_found_by_its_number_with_its_version_and_developer(
    register: Register, developer: Persona
) -> None:
    found = micro_credential_by_number(developer.user, " 2001 ")

    assert found == register.forklift
    assert found.current_version is not None
    assert found.current_version.title == "Forklift Operation Basics"
    assert found.developer.name == register.forklift.developer.name


def test_a_removed_listing_is_there_for_the_quality_assurer_only(
    register: Register, developer: Persona, quality_assurer: Persona
) -> None:
    number = register.mistake.listing_number

    assert micro_credential_by_number(quality_assurer.user, number) == register.mistake
    with pytest.raises(NotFound) as refused:
        micro_credential_by_number(developer.user, number)
    assert refused.value.message == f"No micro-credential has listing number {number}."
    assert refused.value.field == "listing_number"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9999", "No micro-credential has listing number 9999."),
        ("2001' OR 1=1", "No micro-credential has that listing number."),
        ("", "No micro-credential has that listing number."),
    ],
)
def test_an_unknown_or_impossible_number_is_not_found_and_named(
    register: Register, quality_assurer: Persona, typed: str, message: str
) -> None:
    with pytest.raises(NotFound) as refused:
        micro_credential_by_number(quality_assurer.user, typed)

    assert refused.value.message == message
    assert refused.value.field == "listing_number"
    assert refused.value.status == 404
