"""One listing in full: its details, what changed between versions, status and providers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import DateField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Length

from tohu.core.errors import NotFound
from tohu.organisations.models import Organisation, OrganisationType
from tohu.register.models import (
    Accreditation,
    AccreditationStatus,
    FieldOfStudy,
    ListingStatus,
    MicroCredential,
    MicroCredentialVersion,
    StatusChange,
)
from tohu.register.selectors.listings import sees_removed
from tohu.rulebook import ListingStatus as RulebookStatus
from tohu.rulebook import may_enrol

if TYPE_CHECKING:
    from tohu.core.principal import Principal
    from tohu.register.selectors.listings import User

_LISTING_NUMBER = re.compile(r"[0-9A-Za-z-]{1,12}")

# The listing details compared between consecutive versions, with their labels.
COMPARED_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("title_mi", "Title in te reo Māori"),
    ("level", "Level"),
    ("credits", "Credits"),
    ("notional_hours", "Notional learning hours"),
    ("nzsced_code", "Field of study (NZSCED)"),
    ("purpose_use", "How it is used"),
    ("purpose_relevance", "Relevance"),
    ("purpose_outcomes", "Knowledge, skills and attributes"),
    ("purpose_pathways", "Education pathways"),
    ("purpose_contribution", "Cultural, employment or community pathway"),
    ("purpose_mi", "Purpose and outcome statement in te reo Māori"),
    ("in_te_reo_maori", "Listed in te reo Māori"),
    ("learning_outcomes", "Learning outcomes"),
    ("standards_used", "Standards used"),
    ("review_period_years", "Review period (years)"),
)


@dataclass(frozen=True)
class FieldChange:
    """One listing detail that differs from the version before."""

    field: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class VersionEntry:
    """A version with what changed from the one before (nothing for version 1)."""

    version: MicroCredentialVersion
    changes: list[FieldChange]


@dataclass(frozen=True)
class StatusEntry:
    """One change of the listing's status (LOR-8.1), oldest first in the history."""

    from_status: str
    to_status: str
    effective_on: date
    end_date: date | None
    reason: str


@dataclass(frozen=True)
class AccreditedProvider:
    """A provider holding a granted accreditation for the listing (LOR-18.2)."""

    slug: str
    name: str
    name_mi: str
    website: str
    granted_on: date
    conditions: str


@dataclass(frozen=True)
class MicroCredentialDetail:
    """Everything the detail page and endpoint show about one listing."""

    micro_credential: MicroCredential
    version: MicroCredentialVersion
    field_of_study: str | None
    versions: list[VersionEntry]
    status_history: list[StatusEntry]
    accreditations: list[AccreditedProvider]

    @property
    def listing_number(self) -> str:
        return self.micro_credential.listing_number

    @property
    def next_review_due(self) -> date | None:
        return self.micro_credential.next_review_due

    @property
    def takes_new_enrolments(self) -> bool:
        """Only a current listing takes new enrolments (LOR-8.4a, LOR-8.5, LOR-10)."""
        return may_enrol(RulebookStatus(self.micro_credential.status))


def version_changes(
    before: MicroCredentialVersion, after: MicroCredentialVersion
) -> list[FieldChange]:
    """Compare two versions field by field."""
    return [
        FieldChange(name, label, getattr(before, name), getattr(after, name))
        for name, label in COMPARED_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]


def version_history(versions: Iterable[MicroCredentialVersion]) -> list[VersionEntry]:
    """Pair each version with its changes from the one before, newest first."""
    ordered = sorted(versions, key=lambda version: version.number)
    entries = [
        VersionEntry(version, version_changes(previous, version) if previous else [])
        for previous, version in zip([None, *ordered[:-1]], ordered, strict=True)
    ]
    return entries[::-1]


def _versions_of(listing_number: str) -> list[MicroCredentialVersion]:
    field_name = FieldOfStudy.objects.filter(code=OuterRef("nzsced_code")).values("name")[:1]
    return list(
        MicroCredentialVersion.objects.filter(micro_credential__listing_number=listing_number)
        .select_related("micro_credential__developer")
        .annotate(field_of_study_name=Subquery(field_name))
        .order_by("number")
    )


def micro_credential_by_number(user: Principal | None, listing_number: str) -> MicroCredential:
    """Return the listing with this number, with its current version and developer, as the
    user may see it: a removed listing only for the quality assurer (LOR-10).

    Raise NotFound naming the field `listing_number` otherwise. The one lookup by listing number
    for pages, endpoints and forms that name a listing (a change application, a review period, a
    training scheme's conversion); the listing's page reads `micro_credential_detail`.
    """
    number = listing_number.strip()
    # a listing number is short and plain; anything else cannot exist (and never reaches SQL)
    plain = bool(_LISTING_NUMBER.fullmatch(number))
    found = (
        MicroCredential.objects.select_related("current_version", "developer")
        .filter(listing_number=number)
        .first()
        if plain
        else None
    )
    if found is None or (found.status == ListingStatus.REMOVED and not sees_removed(user)):
        raise NotFound(
            f"No micro-credential has listing number {number}."
            if plain
            else "No micro-credential has that listing number.",
            field="listing_number",
        )
    return found


def micro_credential_detail(*, user: User | None, listing_number: str) -> MicroCredentialDetail:
    """Return the listing with its versions, status history and accredited providers.

    Raise NotFound when there is no such listing, or it is removed and the user is not the
    quality assurer. Two queries: the versions (with the listing), then the status history and
    the accredited providers together.
    """
    # a listing number is short and plain; anything else cannot exist (and never reaches SQL)
    plain = bool(_LISTING_NUMBER.fullmatch(listing_number))
    missing = NotFound(
        f"There is no micro-credential with listing number {listing_number}."
        if plain
        else "There is no micro-credential with that listing number."
    )
    versions = _versions_of(listing_number) if plain else []
    if not versions:
        raise missing
    micro_credential = versions[0].micro_credential
    if micro_credential.status == ListingStatus.REMOVED and not sees_removed(user):
        raise missing
    current = next(
        (v for v in versions if v.pk == micro_credential.current_version_id), versions[-1]
    )
    micro_credential.current_version = current
    for version in versions:
        version.micro_credential = micro_credential
    status_history, accreditations = _status_and_providers(micro_credential)
    return MicroCredentialDetail(
        micro_credential=micro_credential,
        version=current,
        field_of_study=getattr(current, "field_of_study_name", None),
        versions=version_history(versions),
        status_history=status_history,
        accreditations=accreditations,
    )


# The columns both halves of the UNION below share, in order.
_HISTORY_COLUMNS = ("kind", "day", "until", "first", "second", "text", "name_mi", "website", "n")


def _status_and_providers(
    micro_credential: MicroCredential,
) -> tuple[list[StatusEntry], list[AccreditedProvider]]:
    """Read the status history and the accredited providers in one statement (a UNION).

    A signed-in person's page already spends up to four queries on the session, the user and
    what they may do; the detail page must stay within six.
    """
    none = Value(None, output_field=DateField())
    statuses = StatusChange.objects.filter(micro_credential=micro_credential).annotate(
        kind=Value("status"),
        day=F("effective_on"),
        until=F("end_date"),
        first=F("from_status"),
        second=F("to_status"),
        text=F("reason"),
        name_mi=Value(""),
        website=Value(""),
        n=F("id"),
    )
    providers = Accreditation.objects.filter(
        micro_credential=micro_credential, status=AccreditationStatus.GRANTED
    ).annotate(
        kind=Value("provider"),
        day=F("granted_on"),
        until=none,
        first=F("provider__slug"),
        second=F("provider__name"),
        text=F("conditions"),
        name_mi=F("provider__name_mi"),
        website=F("provider__website"),
        n=F("id"),
    )
    rows = (
        statuses.order_by()
        .values_list(*_HISTORY_COLUMNS)
        .union(providers.order_by().values_list(*_HISTORY_COLUMNS), all=True)
    )
    history: list[tuple[int, StatusEntry]] = []
    accredited: list[AccreditedProvider] = []
    for kind, day, until, first, second, text, name_mi, website, n in rows:
        if kind == "status":
            history.append((n, StatusEntry(first, second, day, until, text)))
        else:
            accredited.append(AccreditedProvider(first, second, name_mi, website, day, text))
    history.sort(key=lambda pair: (pair[1].effective_on, pair[0]))
    accredited.sort(key=lambda provider: provider.name.lower())
    return [entry for _, entry in history], accredited


def micro_credential_details(
    *, user: User | None, chunk_size: int = 500
) -> Iterator[MicroCredentialDetail]:
    """Yield every listing the user may see, in full, in listing-number order.

    For the open-data files: four queries a chunk of listings (the listings, their versions,
    their status histories, their granted accreditations), however many listings there are.
    """
    listings = MicroCredential.objects.exclude(current_version=None)
    if not sees_removed(user):
        listings = listings.exclude(status=ListingStatus.REMOVED)
    ordered = listings.order_by(Length("listing_number"), "listing_number")
    ids = list(ordered.values_list("pk", flat=True))
    names = dict(FieldOfStudy.objects.values_list("code", "name"))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        yield from _details_of(chunk, names)


def _details_of(ids: list[int], names: dict[str, str]) -> list[MicroCredentialDetail]:
    listings = {
        listing.pk: listing
        for listing in MicroCredential.objects.filter(pk__in=ids).select_related("developer")
    }
    versions: dict[int, list[MicroCredentialVersion]] = {pk: [] for pk in listings}
    for version in MicroCredentialVersion.objects.filter(micro_credential_id__in=ids):
        version.micro_credential = listings[version.micro_credential_id]
        versions[version.micro_credential_id].append(version)
    history: dict[int, list[StatusEntry]] = {pk: [] for pk in listings}
    for change in StatusChange.objects.filter(micro_credential_id__in=ids).order_by(
        "effective_on", "id"
    ):
        history[change.micro_credential_id].append(
            StatusEntry(
                change.from_status,
                change.to_status,
                change.effective_on,
                change.end_date,
                change.reason,
            )
        )
    providers: dict[int, list[AccreditedProvider]] = {pk: [] for pk in listings}
    granted = Accreditation.objects.filter(
        micro_credential_id__in=ids, status=AccreditationStatus.GRANTED
    ).select_related("provider")
    for accreditation in granted:
        provider = accreditation.provider
        providers[accreditation.micro_credential_id].append(
            AccreditedProvider(
                provider.slug,
                provider.name,
                provider.name_mi,
                provider.website,
                accreditation.granted_on,
                accreditation.conditions,
            )
        )
    details = []
    for pk in ids:
        if pk not in listings:  # gone since the ids were read
            continue
        listing = listings[pk]
        current = next(v for v in versions[pk] if v.pk == listing.current_version_id)
        listing.current_version = current
        details.append(
            MicroCredentialDetail(
                micro_credential=listing,
                version=current,
                field_of_study=names.get(current.nzsced_code),
                versions=version_history(versions[pk]),
                status_history=history[pk],
                accreditations=sorted(providers[pk], key=lambda p: p.name.lower()),
            )
        )
    return details


def organisations_named(
    details: Iterable[MicroCredentialDetail],
) -> tuple[list[Organisation], Organisation | None]:
    """The organisations the listings name (developers, accredited providers) and NZQA, which
    approves them all. One query: the providers and NZQA together (the developers come with the
    listings)."""
    found: dict[str, Organisation] = {}
    slugs: set[str] = set()
    for detail in details:
        developer = detail.micro_credential.developer
        found[developer.slug] = developer
        slugs.update(provider.slug for provider in detail.accreditations)
    wanted = Q(slug__in=slugs - found.keys()) | Q(org_type=OrganisationType.NZQA)
    approver = None
    for organisation in Organisation.objects.filter(wanted).order_by("pk"):
        if organisation.org_type == OrganisationType.NZQA and approver is None:
            approver = organisation
        if organisation.slug in slugs or organisation is approver:
            found[organisation.slug] = organisation
    return sorted(found.values(), key=lambda organisation: organisation.slug), approver
