"""Builders shared by the rulebook tests."""

from collections.abc import Callable
from typing import Any

import pytest

from tohu.rulebook import ListingDetails

MakeDetails = Callable[..., ListingDetails]

SOUND_LISTING: dict[str, Any] = {
    "title": "Licence Controller Qualification",
    "level": 4,
    "credits": 5,
    "notional_hours": 50,
    "nzsced_code": "080301",
    "purpose_i": "Used by licensed premises across New Zealand.",
    "purpose_ii": "Employers need certified licence controllers.",
    "purpose_iii": "Apply the Sale and Supply of Alcohol Act on shift.",
    "purpose_iv": "none",
    "purpose_v": "Employment as a duty manager.",
    "developer_name": "Ringa Hora Services WDC",
    "standards_used": ("US4646", "16705"),
    "review_period_years": 3,
}


@pytest.fixture
def make_details() -> MakeDetails:
    """Return a builder of sound listing details, changed as the test needs."""

    def build(**changes: Any) -> ListingDetails:
        return ListingDetails(**{**SOUND_LISTING, **changes})

    return build
