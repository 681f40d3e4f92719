"""Reference data an import checks rows against, read in batches and kept for the whole file:
micro-credentials with their versions and the provider's accreditations (small, bounded by the
register), never a query per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tohu.register.models import Accreditation, ListingStatus, MicroCredential
from tohu.rulebook import AwardContext, ListingDates

BATCH = 500


@dataclass(frozen=True, slots=True)
class VersionRef:
    id: int
    number: int
    effective_from: date


@dataclass(frozen=True, slots=True)
class MicroCredentialRef:
    """A micro-credential as the checks see it: ids, versions by date, and the award context."""

    id: int
    listing_number: str
    versions: tuple[VersionRef, ...]
    award: AwardContext

    def version_on(self, day: date) -> VersionRef | None:
        """The version whose effective_from is the latest on or before the day."""
        found = None
        for version in self.versions:
            if version.effective_from <= day and (
                found is None or version.effective_from >= found.effective_from
            ):
                found = version
        return found

    def version_numbered(self, number: int) -> VersionRef | None:
        return next((v for v in self.versions if v.number == number), None)


def listing_dates(micro_credential: MicroCredential) -> ListingDates:
    """The days its status changed, from the listing's own row (LOR-8.1 to LOR-8.5)."""
    status = micro_credential.status
    return ListingDates(
        listed_on=micro_credential.listed_on,
        expiring_from=(
            micro_credential.status_changed_on if status == ListingStatus.EXPIRING else None
        ),
        end_date=micro_credential.expiring_end_date if status == ListingStatus.EXPIRING else None,
        discontinued_on=micro_credential.discontinued_on,
        removed_on=(
            micro_credential.status_changed_on if status == ListingStatus.REMOVED else None
        ),
    )


class ReferenceData:
    """Micro-credentials the file names, loaded a batch of listing numbers at a time."""

    def __init__(self, provider_id: int) -> None:
        self.provider_id = provider_id
        self._known: dict[str, MicroCredentialRef | None] = {}

    def get(self, listing_number: str) -> MicroCredentialRef | None:
        return self._known.get(listing_number)

    def version_labels(self) -> dict[int, str]:
        """Name each version loaded, by its id: "1234 version 2"."""
        return {
            version.id: f"{ref.listing_number} version {version.number}"
            for ref in self._known.values()
            if ref is not None
            for version in ref.versions
        }

    def load(self, listing_numbers: Iterable[str]) -> None:
        wanted = sorted({n for n in listing_numbers if n not in self._known})
        for start in range(0, len(wanted), BATCH):
            self._load(wanted[start : start + BATCH])

    def _load(self, listing_numbers: list[str]) -> None:
        micro_credentials = list(
            MicroCredential.objects.filter(listing_number__in=listing_numbers).prefetch_related(
                "versions"
            )
        )
        spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        accreditations = Accreditation.objects.filter(
            provider_id=self.provider_id, micro_credential__in=micro_credentials
        ).values_list("micro_credential_id", "granted_on", "ended_on")
        for micro_credential_id, granted_on, ended_on in accreditations:
            spans[micro_credential_id].append((granted_on, ended_on))
        for number in listing_numbers:
            self._known[number] = None
        for mc in micro_credentials:
            self._known[mc.listing_number] = self._ref(mc, spans[mc.pk])

    def _ref(
        self, mc: MicroCredential, spans: list[tuple[date, date | None]]
    ) -> MicroCredentialRef:
        versions = tuple(
            VersionRef(v.pk, v.number, v.effective_from)
            for v in sorted(mc.versions.all(), key=lambda v: v.number)
        )
        award = AwardContext(
            listing_number=mc.listing_number,
            dates=listing_dates(mc),
            provider_holds_approval=mc.developer_id == self.provider_id,
            accredited=tuple(sorted(spans)),
        )
        return MicroCredentialRef(mc.pk, mc.listing_number, versions, award)
