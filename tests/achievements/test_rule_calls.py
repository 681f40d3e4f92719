"""Reporting achievement computes its rules through the rulebook (section 6)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.achievements.conftest import csv_bytes, import_file, url
from tests.conftest import Persona
from tests.rule_calls import rule_calls
from tohu.learners.models import Learner
from tohu.register.models import MicroCredential


def test_a_results_file_is_checked_by_the_rulebook(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    content = csv_bytes(
        "nsn,listing_number,date_of_achievement,family_name",
        "0000012345,4321,2025-01-06,Ngata",
        "0000067890,4321,2025-05-02,Smith",
    )
    with rule_calls() as called:
        imported = import_file(provider, content)
    assert imported.outcome.rows_recorded == 2
    assert {"ROA-nsn", "ROA-date", "ROA-status", "LOR-18.2", "ROA-3m"} <= called


def test_the_reporting_fee_on_the_page_comes_from_the_rulebook(
    provider: Persona, forklift: MicroCredential, settings: Any
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, reporting_fee_on=True)
    with rule_calls() as called:
        provider.client.get(url("provider"))
    assert "ROA-fee" in called
