"""The bulk path writes exactly the rows the register services write for the same definitions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tohu.core.audit import verify_chain
from tohu.core.models import AuditEvent
from tohu.demo import bulk
from tohu.demo.build import DemoSummary, list_through_services
from tohu.demo.catalogue import MICRO_CREDENTIALS
from tohu.demo.specs import MicroCredentialSpec
from tohu.demo.synthetic import synthetic_specs
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential, SearchDocument

# Differ between any two listings however they are written: keys, numbers, clock times.
UNCOMPARED = {"id", "micro_credential", "micro_credential_id", "created_at", "updated_at"}


def _rows(values: Any) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in UNCOMPARED} for row in values]


def _audit(micro_credential: MicroCredential) -> list[tuple[str, str, str, dict[str, Any]]]:
    accreditation_ids = [
        str(pk) for pk in micro_credential.accreditations.values_list("pk", flat=True)
    ]
    events = AuditEvent.objects.filter(
        subject_type="register.microcredential", subject_id=str(micro_credential.pk)
    ) | AuditEvent.objects.filter(
        subject_type="register.accreditation", subject_id__in=accreditation_ids
    )
    return [
        (e.event, e.subject_type, e.actor_label, {**e.detail, "listing_number": None})
        for e in events.order_by("sequence")
    ]


def _snapshot(micro_credential: MicroCredential) -> dict[str, Any]:
    micro_credential.refresh_from_db()
    row = MicroCredential.objects.filter(pk=micro_credential.pk).values()
    listing = _rows(row)[0]
    del listing["listing_number"], listing["current_version_id"]
    assert micro_credential.current_version is not None
    return {
        "listing": listing,
        "current_version": micro_credential.current_version.number,
        "versions": _rows(micro_credential.versions.order_by("number").values()),
        "status_changes": _rows(micro_credential.status_changes.order_by("id").values()),
        "accreditations": _rows(micro_credential.accreditations.order_by("id").values()),
        "search": _rows(SearchDocument.objects.filter(micro_credential=micro_credential).values()),
        "audit": _audit(micro_credential),
    }


def _definitions() -> list[MicroCredentialSpec]:
    # the demo's own definitions (te reo Māori, versions, every status) and synthetic ones
    own = [replace(spec, listing_number=None) for spec in MICRO_CREDENTIALS]
    return own + synthetic_specs(60, seed=3)


def test_bulk_listing_writes_the_rows_the_services_write(demo: DemoSummary) -> None:
    organisations = {org.slug: org for org in Organisation.objects.all()}
    definitions = _definitions()
    by_services = [list_through_services(spec, organisations) for spec in definitions]
    by_bulk = bulk.list_many(definitions, organisations=organisations)
    assert len(by_bulk) == len(by_services)
    for served, bulked in zip(by_services, by_bulk, strict=True):
        assert _snapshot(bulked) == _snapshot(served)
    checked, broken = verify_chain()
    assert broken is None
    assert checked == AuditEvent.objects.count()


def test_bulk_listing_numbers_continue_the_services_sequence(demo: DemoSummary) -> None:
    organisations = {org.slug: org for org in Organisation.objects.all()}
    [first] = bulk.list_many(synthetic_specs(1, seed=1), organisations=organisations)
    after = list_through_services(synthetic_specs(1, seed=2)[0], organisations)
    assert int(after.listing_number) == int(first.listing_number) + 1
