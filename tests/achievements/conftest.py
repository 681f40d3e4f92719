"""Data the achievement tests share: a listed micro-credential the provider is accredited for,
learners in the index, and helpers to build and import results files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import Persona
from tests.factories import LearnerFactory, accredit, listed_micro_credential
from tohu.achievements.models import Channel, ImportBatch
from tohu.achievements.results_file import CsvSource
from tohu.achievements.services import ImportOutcome, results_import
from tohu.core.principal import COMMAND, Principal
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential

TODAY = date(2025, 6, 16)
LISTING = "4321"
HEADER = "nsn,listing_number,date_of_achievement"


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    """Every achievement test runs on 16 June 2025 in New Zealand."""
    with time_machine.travel("2025-06-16 10:00 +12:00", tick=False):
        yield


@pytest.fixture
def forklift(isb: Organisation, provider_org: Organisation) -> MicroCredential:
    """Listed 1 March 2024, accredited to the provider from the same day."""
    micro_credential = listed_micro_credential(developer=isb, listing_number=LISTING)
    accredit(provider_org, micro_credential)
    return micro_credential


@pytest.fixture
def learners(db: None) -> list[Learner]:
    """Three learners; the first has macrons in her names and leading zeros in her NSN."""
    return [
        LearnerFactory.create(
            nsn="0000012345",
            family_name="Ngātā",
            given_names="Mere Ānahera",
            date_of_birth=date(1999, 2, 3),
        ),
        LearnerFactory.create(nsn="0000067890", family_name="Smith", given_names="Jo"),
        LearnerFactory.create(nsn="123456789", family_name="Lee", given_names="Sam"),
    ]


def csv_bytes(*lines: str, newline: str = "\r\n", bom: bool = False) -> bytes:
    text = newline.join(lines) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


class Imported:
    """An import's outcome and its error report, read back as rows."""

    def __init__(self, outcome: ImportOutcome, report: str) -> None:
        self.outcome = outcome
        self.report = report
        rows = list(csv.reader(io.StringIO(report)))
        self.header = rows[0] if rows else []
        self.problems = [(int(r[0]), r[1], r[3], r[4]) for r in rows[1:]]


def import_file(
    provider: Persona | Organisation,
    content: bytes,
    *,
    partial: bool = False,
    dry_run: bool = False,
    name: str = "results.csv",
) -> Imported:
    """Import bytes as a results file, as the provider's administrator (or the command)."""
    reporter: Principal
    if isinstance(provider, Persona):
        assert provider.organisation is not None
        organisation, reporter = provider.organisation, provider.user
    else:
        organisation, reporter = provider, COMMAND
    source = CsvSource(io.BytesIO(content), name=name, size=len(content))
    report = io.StringIO()
    outcome = results_import(
        reporter=reporter,
        provider=organisation,
        source=source,
        channel=Channel.UPLOAD,
        partial=partial,
        dry_run=dry_run,
        error_report=report,
    )
    return Imported(outcome, report.getvalue())


# the provider persona's portal
SLUG = "southern-skills"


def url(name: str, *args: object) -> str:
    return reverse(f"achievements:{name}", args=[SLUG, *args])


def upload(client: Client, content: bytes, partial: bool = False) -> ImportBatch:
    data: dict[str, object] = {"file": SimpleUploadedFile("june.csv", content, "text/csv")}
    if partial:
        data["partial"] = "on"
    response = client.post(url("upload"), data)
    assert response.status_code == 302, response.content
    batch = ImportBatch.objects.latest("id")
    assert response["Location"] == url("batch", batch.pk)
    return batch
