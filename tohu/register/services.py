"""Every change to the register: listing, versions, status and accreditations.

Each function is one action in one transaction with its audit event.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from tohu.core import audit, clock, policy
from tohu.core.effects import after_commit
from tohu.core.errors import DomainError, InvalidTransition, NotAllowed
from tohu.core.permissions import Action, require
from tohu.core.principal import SYSTEM, user_id_of
from tohu.organisations.models import Organisation, OrganisationType
from tohu.register import open_data, search, signals
from tohu.register.events import Event
from tohu.register.models import (
    ACCREDITATION_STATES,
    Accreditation,
    AccreditationStatus,
    ListingNumberCounter,
    ListingStatus,
    MicroCredential,
    MicroCredentialVersion,
    StatusChange,
)
from tohu.rulebook import ListingStatus as RulebookStatus
from tohu.rulebook import (
    check_status_transition,
    default_expiring_end_date,
    discontinued_after_expiry,
    listing_numbers_after,
    next_review_due,
    next_version_number,
    review_period,
    rulebook_for,
)


@dataclass(frozen=True)
class VersionDetails:
    """The listing details and approved content of one version (LOR-6.1a to LOR-6.1g)."""

    title: str
    level: int
    credits: int
    nzsced_code: str
    purpose_use: str
    purpose_relevance: str
    purpose_outcomes: str
    purpose_contribution: str
    review_period_years: int
    learning_outcomes: list[str]
    purpose_pathways: str = "none"
    title_mi: str = ""
    purpose_mi: str = ""
    in_te_reo_maori: bool = False
    notional_hours: int | None = None
    standards_used: list[str] = field(default_factory=list)
    review_period_reason: str = ""


def _open_data_follows() -> None:
    """The open-data files follow the register: a build is queued once this change commits."""
    after_commit(open_data.enqueue_build)


def _shown_changed(listings: QuerySet[MicroCredential]) -> None:
    """What these listings' documents show changed (an accreditation, an organisation): their
    `updated_at`, the documents' Last-Modified and the search's `updated_since`, moves on."""
    listings.update(updated_at=clock.now())


def organisation_shown_changed(organisation: Organisation) -> None:
    """An organisation the register shows changed (called inside its service's transaction):
    the listings that name it (as developer, accredited provider, or every listing for NZQA,
    their approver) are marked changed, and the open-data files are rebuilt after commit."""
    listings = MicroCredential.objects.all()
    if organisation.org_type != OrganisationType.NZQA:
        accredited = Accreditation.objects.filter(
            provider=organisation, status=AccreditationStatus.GRANTED
        ).values("micro_credential_id")
        listings = listings.filter(Q(developer=organisation) | Q(pk__in=accredited))
    _shown_changed(listings)
    _open_data_follows()


def rulebook_key_on(day: date) -> str:
    """Name the rulebook in force on the day (LOR 2022 from mid-January 2023, 2026 set after)."""
    return rulebook_for(day, cutover_2022=policy.current().rules_2022_cutover).key


def first_review_due(*, listed_on: date, approved_on: date, review_period_years: int) -> date:
    """REV-period: a new listing's first review is one review period after it was listed."""
    period = review_period(
        first_approved_on=approved_on,
        proposed_years=review_period_years,
        cutover_2022=policy.current().rules_2022_cutover,
    )
    return next_review_due(last_reviewed_on=listed_on, period=period)


def _take_listing_number() -> str:
    # LOR-13.2: the counter holds the last number issued; numbers in use are skipped
    counter, _ = ListingNumberCounter.objects.select_for_update().get_or_create(id=1)
    for candidate in listing_numbers_after(counter.last_number):
        if not MicroCredential.objects.filter(listing_number=candidate).exists():
            break
    counter.last_number = int(candidate)
    counter.save(update_fields=["last_number"])
    return candidate


def _version_from(
    micro_credential: MicroCredential,
    *,
    number: int,
    details: VersionDetails,
    approved_on: date,
    effective_from: date,
    change_summary: str,
) -> MicroCredentialVersion:
    return MicroCredentialVersion.objects.create(
        micro_credential=micro_credential,
        number=number,
        approved_on=approved_on,
        effective_from=effective_from,
        rulebook_version=rulebook_key_on(approved_on),
        change_summary=change_summary,
        **asdict(details),
    )


# The audit details of the register's events, built once: the services and the demo's bulk
# loader (tohu.demo.bulk) record the same words.


def listed_detail(listing_number: str, title: str) -> dict[str, Any]:
    return {"listing_number": listing_number, "title": title, "version": 1}


def version_added_detail(version: MicroCredentialVersion) -> dict[str, Any]:
    return {"version": version.number, "change_summary": version.change_summary}


def status_changed_detail(change: StatusChange) -> dict[str, Any]:
    return {
        "from": change.from_status,
        "to": change.to_status,
        "effective_on": change.effective_on,
        "end_date": change.end_date,
        "reason": change.reason,
    }


def accreditation_granted_detail(
    accreditation: Accreditation, listing_number: str
) -> dict[str, Any]:
    return {
        "provider": accreditation.provider.slug,
        "listing_number": listing_number,
        "granted_on": accreditation.granted_on,
        "conditions": accreditation.conditions,
    }


def next_review_set_detail(previous: date | None, due: date | None, reason: str) -> dict[str, Any]:
    return {"from": previous, "to": due, "reason": reason}


def micro_credential_list(
    *,
    actor: audit.Actor,
    developer: Organisation,
    details: VersionDetails,
    approved_on: date,
    listed_on: date,
    te_hono: bool = False,
    listing_number: str | None = None,
) -> MicroCredential:
    """List an approved micro-credential: a new listing number, version 1, status current."""
    require(actor, Action.REGISTER_CHANGE, developer)
    if not (
        developer.is_standard_setting_body or developer.is_provider or developer.is_quality_assurer
    ):
        raise DomainError(
            gettext("%(name)s cannot develop micro-credentials.") % {"name": developer.name},
            rule_id="APP-who",
        )
    with transaction.atomic():
        number = listing_number or _take_listing_number()
        if MicroCredential.objects.filter(listing_number=number).exists():
            raise DomainError(
                gettext("Listing number %(number)s is already in use.") % {"number": number},
                rule_id="LOR-13.2",
            )
        micro_credential = MicroCredential.objects.create(
            listing_number=number,
            developer=developer,
            status=ListingStatus.CURRENT,
            listed_on=listed_on,
            first_approved_on=approved_on,
            status_changed_on=listed_on,
            # the listing says whether Te Hono o Te Kahurangi was used (LOR-14.2)
            te_hono=te_hono,
            next_review_due=first_review_due(
                listed_on=listed_on,
                approved_on=approved_on,
                review_period_years=details.review_period_years,
            ),
        )
        version = _version_from(
            micro_credential,
            number=1,
            details=details,
            approved_on=approved_on,
            effective_from=listed_on,
            change_summary="First listing.",
        )
        micro_credential.current_version = version
        micro_credential.save(update_fields=["current_version"])
        StatusChange.objects.create(
            micro_credential=micro_credential,
            to_status=ListingStatus.CURRENT,
            effective_on=listed_on,
            reason="Listed on approval (LOR-13.2).",
            actor_id=_actor_id(actor),
        )
        search.document_refresh(micro_credential)
        _open_data_follows()
        audit.record(
            Event.MICRO_CREDENTIAL_LISTED,
            actor=actor,
            subject=micro_credential,
            detail=listed_detail(number, details.title),
        )
    return micro_credential


def _actor_id(actor: audit.Actor) -> int | None:
    return user_id_of(actor)


def micro_credential_add_version(
    *,
    actor: audit.Actor,
    micro_credential: MicroCredential,
    details: VersionDetails,
    approved_on: date,
    effective_from: date,
    change_summary: str,
) -> MicroCredentialVersion:
    """VER-1: an approved change makes version N+1; earlier versions stay.

    A change of the review period moves the next review (REV-period).
    """
    require(actor, Action.REGISTER_CHANGE, micro_credential)
    with transaction.atomic():
        locked = MicroCredential.objects.select_for_update().get(pk=micro_credential.pk)
        if locked.status in (ListingStatus.DISCONTINUED, ListingStatus.REMOVED):
            raise InvalidTransition(
                gettext("%(listing_number)s is %(status)s; it cannot take a new version.")
                % {"listing_number": locked.listing_number, "status": locked.status},
                rule_id="VER-1",
            )
        previous = locked.current_version
        version = _version_from(
            locked,
            number=next_version_number(locked.versions.values_list("number", flat=True)),
            details=details,
            approved_on=approved_on,
            effective_from=effective_from,
            change_summary=change_summary,
        )
        locked.current_version = version
        locked.save(update_fields=["current_version", "updated_at"])
        search.document_refresh(locked)
        _open_data_follows()
        audit.record(
            Event.MICRO_CREDENTIAL_VERSION_ADDED,
            actor=actor,
            subject=locked,
            detail=version_added_detail(version),
        )
        if previous is None or previous.review_period_years != version.review_period_years:
            _review_period_changed(actor, locked, version)
    micro_credential.refresh_from_db()
    return version


def _review_period_changed(
    actor: audit.Actor, micro_credential: MicroCredential, version: MicroCredentialVersion
) -> None:
    # The reviews app keeps what else decides the period (a period the quality assurer set)
    # and when the last review was accepted; it builds on this app, so it listens rather than
    # being imported here (tohu.register.signals). Sent inside this transaction.
    signals.review_period_proposed.send(
        sender=MicroCredential,
        actor=actor,
        micro_credential=micro_credential,
        reason=review_period_change_reason(version),
    )


def review_period_change_reason(version: MicroCredentialVersion) -> str:
    """Say why a new version moves the next review (the reason its audit event records)."""
    return (
        f"Version {version.number} proposes a review period of "
        f"{version.review_period_years} year(s) (REV-period)."
    )


def _check_status_move(
    micro_credential: MicroCredential,
    *,
    status: str,
    effective_on: date,
    end_date: date | None,
    reason: str,
) -> None:
    findings = check_status_transition(
        RulebookStatus(micro_credential.status),
        RulebookStatus(status),
        today=effective_on,
        end_date=end_date,
        reason=reason,
    )
    for finding in findings:
        error = InvalidTransition if finding.field == "status" else DomainError
        raise error(
            f"{micro_credential.listing_number}: {finding.message}",
            rule_id=finding.rule_id,
            field=finding.field,
        )


def micro_credential_status_set(
    *,
    actor: audit.Actor,
    micro_credential: MicroCredential,
    status: str,
    effective_on: date | None = None,
    end_date: date | None = None,
    reason: str = "",
) -> MicroCredential:
    """Move a listing to a new status (LOR-8.1: only the quality assurer, or the system's task)."""
    require(actor, Action.REGISTER_SET_STATUS, micro_credential)
    effective_on = effective_on or clock.today()
    if status == ListingStatus.EXPIRING and end_date is None:
        end_date = default_expiring_end_date(effective_on, years=policy.current().expiring_years)
    with transaction.atomic():
        locked = MicroCredential.objects.select_for_update().get(pk=micro_credential.pk)
        _check_status_move(
            locked, status=status, effective_on=effective_on, end_date=end_date, reason=reason
        )
        previous = locked.status
        locked.status = status
        locked.status_changed_on = effective_on
        locked.expiring_end_date = end_date if status == ListingStatus.EXPIRING else None
        if status == ListingStatus.DISCONTINUED:
            locked.discontinued_on = effective_on
        if status == ListingStatus.REMOVED:
            locked.removed_reason = reason
        locked.save()
        status_change = StatusChange.objects.create(
            micro_credential=locked,
            from_status=previous,
            to_status=status,
            effective_on=effective_on,
            end_date=locked.expiring_end_date,
            reason=reason,
            actor_id=_actor_id(actor),
        )
        event = (
            Event.MICRO_CREDENTIAL_REMOVED
            if status == ListingStatus.REMOVED
            else Event.MICRO_CREDENTIAL_STATUS_CHANGED
        )
        _open_data_follows()
        audit.record(
            event,
            actor=actor,
            subject=locked,
            detail=status_changed_detail(status_change),
        )
    micro_credential.refresh_from_db()
    return micro_credential


def micro_credentials_discontinue_expired(*, today: date | None = None) -> list[str]:
    """LOR-8.3: an expiring listing whose end date has passed becomes discontinued.

    Return the listing numbers changed; running it twice changes nothing the second time.
    """
    today = today or clock.today()
    due = MicroCredential.objects.filter(
        status=ListingStatus.EXPIRING, expiring_end_date__lt=today
    ).order_by("listing_number")
    changed: list[str] = []
    for micro_credential in due:
        assert micro_credential.expiring_end_date is not None
        discontinued_on = discontinued_after_expiry(micro_credential.expiring_end_date)
        assert discontinued_on is not None, "an end date before today is before date.max"
        micro_credential_status_set(
            actor=SYSTEM,
            micro_credential=micro_credential,
            status=ListingStatus.DISCONTINUED,
            effective_on=discontinued_on,
            reason="End date of expiring status passed (LOR-8.3).",
        )
        changed.append(micro_credential.listing_number)
    return changed


def accreditation_grant(
    *,
    actor: audit.Actor,
    provider: Organisation,
    micro_credential: MicroCredential,
    granted_on: date,
    conditions: str = "",
) -> Accreditation:
    """Accredit a provider to deliver a micro-credential (APP-who: providers only)."""
    require(actor, Action.REGISTER_MANAGE_ACCREDITATION, micro_credential)
    if not provider.is_provider:
        raise NotAllowed(
            gettext("%(name)s is not a provider; standard-setting bodies are never accredited.")
            % {"name": provider.name},
            rule_id="APP-who",
        )
    if micro_credential.status != ListingStatus.CURRENT:
        raise DomainError(
            gettext(
                "%(listing_number)s is %(status)s: only a current micro-credential can be "
                "accredited."
            )
            % {
                "listing_number": micro_credential.listing_number,
                "status": micro_credential.status,
            },
            rule_id="APP-acc-only",
        )
    with transaction.atomic():
        if Accreditation.objects.filter(
            provider=provider, micro_credential=micro_credential, status="granted"
        ).exists():
            raise DomainError(
                gettext("%(name)s is already accredited for %(listing_number)s.")
                % {"name": provider.name, "listing_number": micro_credential.listing_number}
            )
        accreditation = Accreditation.objects.create(
            provider=provider,
            micro_credential=micro_credential,
            granted_on=granted_on,
            conditions=conditions,
        )
        search.document_refresh(micro_credential)
        _shown_changed(MicroCredential.objects.filter(pk=micro_credential.pk))
        _open_data_follows()
        audit.record(
            Event.ACCREDITATION_GRANTED,
            actor=actor,
            subject=accreditation,
            detail=accreditation_granted_detail(accreditation, micro_credential.listing_number),
        )
    return accreditation


def accreditation_end(
    *,
    actor: audit.Actor,
    accreditation: Accreditation,
    status: str,
    ended_on: date,
    reason: str,
) -> Accreditation:
    """End an accreditation: lapsed, withdrawn (quality assurer decisions) or surrendered."""
    require(actor, Action.REGISTER_MANAGE_ACCREDITATION, accreditation.micro_credential)
    if status not in ACCREDITATION_STATES.targets(AccreditationStatus.GRANTED):
        raise DomainError(
            gettext("%(status)s is not a way for an accreditation to end.")
            % {"status": repr(status)},
            field="status",
        )
    if not reason.strip():
        raise DomainError(gettext("Give the reason the accreditation ends."), rule_id="CONDITIONS")
    with transaction.atomic():
        locked = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        ACCREDITATION_STATES.check(locked.status, status, by="accreditation_end")
        locked.status = status
        locked.ended_on = ended_on
        locked.ended_reason = reason
        locked.save()
        _shown_changed(MicroCredential.objects.filter(pk=locked.micro_credential_id))
        _open_data_follows()
        audit.record(
            Event.ACCREDITATION_ENDED,
            actor=actor,
            subject=locked,
            detail={"status": status, "ended_on": ended_on, "reason": reason},
        )
    return locked


def micro_credential_next_review_set(
    *,
    actor: audit.Actor,
    micro_credential: MicroCredential,
    next_review_due: date | None,
    reason: str,
) -> MicroCredential:
    """Set the day a listing's next review is due, or None when no review follows (REV-period).

    Reviews call this when an outcome is accepted or the quality assurer sets a review period.
    """
    require(actor, Action.REGISTER_CHANGE, micro_credential)
    if not reason.strip():
        raise DomainError(gettext("Say why the next review date changes."), field="reason")
    with transaction.atomic():
        locked = MicroCredential.objects.select_for_update().get(pk=micro_credential.pk)
        previous = locked.next_review_due
        locked.next_review_due = next_review_due
        locked.save(update_fields=["next_review_due", "updated_at"])
        _open_data_follows()
        audit.record(
            Event.MICRO_CREDENTIAL_NEXT_REVIEW_SET,
            actor=actor,
            subject=locked,
            detail=next_review_set_detail(previous, next_review_due, reason),
        )
    micro_credential.next_review_due = next_review_due
    return micro_credential
