"""Every read the credential pages and endpoints need, filtered by who is asking."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from tohu.core.errors import NotFound
from tohu.core.permissions import Action, can
from tohu.credentials.models import Credential, CredentialState, IssuerKey, StatusList
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import (
    Accreditation,
    AccreditationStatus,
    ListingStatus,
    MicroCredential,
)

User = AbstractBaseUser | AnonymousUser


def issuer(*, user: User, slug: str) -> Organisation:
    """Return an organisation with a public page, or NotFound: one that can issue (a provider
    or a quality assurer) or that developed a listing on the public register. The page is the
    organisation's one public page, its DID its one identifier (CTDL, Open Badges, the API)."""
    found = Organisation.objects.filter(slug=slug).first()
    if found is None or not can(user, Action.CREDENTIAL_VERIFY, found):
        raise NotFound("No issuer has that name.")
    develops = MicroCredential.objects.filter(developer=found).exclude(status=ListingStatus.REMOVED)
    if not (found.is_provider or found.is_quality_assurer or develops.exists()):
        raise NotFound("No issuer has that name.")
    return found


def organisation_listings(organisation: Organisation) -> dict[str, list[MicroCredential]]:
    """The public listings the organisation developed and those it is accredited to deliver."""
    public = MicroCredential.objects.exclude(status=ListingStatus.REMOVED).select_related(
        "current_version"
    )
    accredited = Accreditation.objects.filter(
        provider=organisation, status=AccreditationStatus.GRANTED
    ).values("micro_credential_id")
    return {
        "developed": list(public.filter(developer=organisation).order_by("listing_number")),
        "accredited": list(public.filter(pk__in=accredited).order_by("listing_number")),
    }


def issuer_keys(organisation: Organisation) -> list[IssuerKey]:
    """Return the organisation's keys, oldest first (public keys are public)."""
    return list(IssuerKey.objects.filter(organisation=organisation).order_by("number"))


def status_list(*, user: User, organisation: Organisation, purpose: str, number: int) -> StatusList:
    found = StatusList.objects.filter(issuer=organisation, purpose=purpose, number=number).first()
    if found is None or not can(user, Action.CREDENTIAL_VERIFY, found):
        raise NotFound("No status list has that address.")
    return found


def _credentials() -> QuerySet[Credential]:
    return Credential.objects.select_related(
        "status_list", "issuer", "completion__micro_credential", "completion__version"
    )


def learner_credential(*, user: User, learner: Learner, credential_uuid: UUID) -> Credential:
    """Return one of the learner's credentials (the learner's own, or the quality assurer's)."""
    if not can(user, Action.CREDENTIAL_DOWNLOAD, learner):
        raise NotFound("No credential has that address.")
    found = _credentials().filter(uuid=credential_uuid, completion__nsn=learner.nsn).first()
    if found is None:
        raise NotFound("No credential has that address.")
    return found


def credential_by_uuid(credential_uuid: UUID) -> Credential | None:
    """Return a credential by its public identifier, for verification (no personal data)."""
    return _credentials().filter(uuid=credential_uuid).first()


def learner_credentials(*, user: User, learner: Learner) -> list[Credential]:
    """Return the learner's live credentials, newest award first, in one query."""
    if not can(user, Action.CREDENTIAL_DOWNLOAD, learner):
        raise NotFound("No such record.")
    return shared_credentials(learner)


def shared_credentials(learner: Learner) -> list[Credential]:
    """The live credentials behind a live share link (the link was checked by the service)."""
    return list(
        Credential.objects.filter(completion__nsn=learner.nsn, state=CredentialState.ISSUED)
        .select_related(
            "completion__micro_credential", "completion__version", "completion__provider"
        )
        .order_by("-completion__date_of_achievement", "-id")
    )


def key_by_reference(reference: str) -> IssuerKey:
    """Find a key by `<slug>#key-<n>` or its public key multibase (for the operator command)."""
    query = IssuerKey.objects.select_related("organisation")
    if "#key-" in reference:
        slug, number = reference.split("#key-", 1)
        found = (
            query.filter(organisation__slug=slug, number=int(number or 0)).first()
            if number.isascii() and number.isdigit()
            else None
        )
    else:
        found = query.filter(public_key_multibase=reference).first()
    if found is None:
        raise NotFound(f"No key {reference!r}: give <organisation>#key-<n> or its public key.")
    return found


def credential_to_suspend(*, user: User, completion_id: int) -> Credential:
    """Return a completion's live credential for the quality assurer, or NotFound."""
    if not can(user, Action.COMPLETION_SUSPEND):
        raise NotFound("No credential has that address.")
    found = (
        _credentials()
        .select_related("completion__provider")
        .filter(completion_id=completion_id, state=CredentialState.ISSUED)
        .first()
    )
    if found is None:
        raise NotFound("That completion has no live credential (not issued yet, or revoked).")
    return found


def suspended_credentials(*, user: User) -> list[Credential]:
    """Every credential suspended now, longest first, for the quality assurer."""
    if not can(user, Action.COMPLETION_SUSPEND):
        raise NotFound("No such page.")
    return list(
        _credentials()
        .select_related("completion__provider")
        .filter(suspended_at__isnull=False)
        .order_by("suspended_at")
    )
