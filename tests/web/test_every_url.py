"""Every URL × every role, from the outside: nobody sees or changes another party's objects.

The URLs come from Django's URL resolver and the API's OpenAPI document, not from a hand list:
a new page or endpoint fails `test_every_url_has_an_expected_outcome` until it has a line in
`EXPECTED`. Two parties (A and B) each have a provider, a developer, a learner and their
objects, each carrying a marker word. Every role requests every URL (GET and POST) filled with
the *other* party's objects (party B's for the roles that belong to neither). A leak is:

- a marker of the other party in a response to a role the table does not allow;
- a 2xx answer about the other party's object to a role the table does not allow;
- a POST from a role the table does not allow that changes the other party's objects or
  appends to the audit log.

Each request runs in a savepoint rolled back afterwards, so the world stays as built.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Q
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.applications.conftest import LISTING_VALUES
from tests.conftest import _persona
from tests.factories import LearnerFactory, OrganisationFactory, accredit, listed_micro_credential
from tohu.accounts import services as account_services
from tohu.accounts.middleware import remember_second_factor
from tohu.accounts.models import IdentityProvider
from tohu.achievements.models import Channel, Completion, ImportBatch, ShareLink
from tohu.achievements.results_file import RowsSource
from tohu.achievements.services import records, results_import
from tohu.api import api
from tohu.applications import services as application_services
from tohu.applications.models import Application
from tohu.core.models import AuditEvent
from tohu.core.principal import Scope
from tohu.organisations import services as organisation_services
from tohu.organisations.models import ApiKey, Organisation
from tohu.reviews import services as review_services
from tohu.reviews.models import Review, ReviewKind
from tohu.webhooks import services as webhook_services
from tohu.webhooks.models import Delivery, Endpoint, EventType

MARKERS = {"A": "Zqxalpha", "B": "Zqxbravo"}
NZQA = frozenset({"nzqa_evaluator", "qa_manager"})
NOBODY: frozenset[str] = frozenset()
EVERYONE = frozenset({"*"})

# Web roles: (side, how the persona is made). Roles of neither side act on party B's objects.
WEB_ROLES = (
    "anonymous",
    "learner_a",
    "learner_b",
    "provider_a",
    "provider_b",
    "results_officer_a",
    "developer_a",
    "developer_b",
    "nzqa_evaluator",
    "unz_evaluator",
    "qa_manager",
)
SIDE_OF = {role: role[-1].upper() for role in WEB_ROLES if role.endswith(("_a", "_b"))}


def victim_side(role: str) -> str:
    return "A" if SIDE_OF.get(role) == "B" else "B"


# ---- the one table: who may see or act on the other party's object through each URL ----------
# kind: "public" (anyone, nothing private in it), "page" (about the requester; the other party's
# markers only for `allowed`), "object" (the URL names the other party's object: a 2xx answer
# and its markers only for `allowed`).


@dataclass(frozen=True)
class Expect:
    kind: str
    allowed: frozenset[str] = NOBODY  # who may see the other party's object or data
    writers: frozenset[str] = NOBODY  # who may change it (a POST)


PUBLIC = Expect("public", EVERYONE)
PAGE = Expect("page", NZQA)  # the quality assurer's lists show every party's
OWN_ONLY = Expect("object", NOBODY)  # only the party itself
QA_SEES = Expect("object", NZQA, NZQA)  # and NZQA's staff, who also act on it
QA_READS = Expect("object", NZQA)  # NZQA's staff see it (the page shows it) but cannot act

EXPECTED: dict[str, Expect] = {
    # the public register, documents and verification
    "register:search": PUBLIC,
    "register:download-csv": PUBLIC,
    "register:download-json": PUBLIC,
    "register:detail": PUBLIC,
    "register:version": PUBLIC,
    "register:version-ctdl": PUBLIC,
    "register:version-achievement": PUBLIC,
    "register:open-data": PUBLIC,
    "register:open-data-file": PUBLIC,  # not built here: 404 for all
    "applications:statements": PUBLIC,
    "applications:statement-pdf": PUBLIC,
    "credentials:organisation": PUBLIC,
    "credentials:did": PUBLIC,
    "credentials:status-list": PUBLIC,
    "credentials:verify": PUBLIC,
    "credentials:registry": PUBLIC,
    "credentials:endorsement": PUBLIC,
    "credentials:json": PUBLIC,  # an unknown credential: 404 for all
    "credentials:badge": PUBLIC,
    "credentials:qr": PUBLIC,
    "audit-checkpoints": PUBLIC,
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    "translation-status": PAGE,
    # translators' pages: nothing of either party on them (tests/i18n/test_review.py)
    "translation-review": Expect("page", NOBODY),
    "translation-edit": Expect("page", NOBODY),  # an unknown string: 404 for a translator
    "achievements:results-template": PUBLIC,
    "sign-in": PUBLIC,
    "password-reset": PUBLIC,
    "password-reset-sent": PUBLIC,
    "password-reset-confirm": PUBLIC,  # a made-up token: refused for all
    "password-reset-complete": PUBLIC,
    "health-live": PUBLIC,
    "health-ready": PUBLIC,
    # checks of documents by their printed token (a made-up one here: not found for all)
    "achievements:record-verify": PUBLIC,
    "applications:letter-verify": PUBLIC,
    "applications:statement": PUBLIC,
    "credentials:exchange": PUBLIC,
    # a share link's token is the learner's capability: whoever holds it sees what it shares
    "achievements:shared": Expect("object", EVERYONE),
    "credentials:shared": Expect("object", EVERYONE),
    "credentials:shared-json": PUBLIC,  # an unknown credential under the token: 404
    # pages about the requester
    "sign-out": PAGE,
    "password-change": PAGE,
    "password-changed": PAGE,
    "operations": PAGE,
    "credentials:wallet": PAGE,
    "credentials:suspended": PAGE,
    "dashboard": PAGE,
    "organisations:list": PAGE,
    "applications:list": PAGE,
    "applications:start": PAGE,
    "applications:queue": PAGE,
    "applications:dashboard": PAGE,
    "applications:notifications": PAGE,
    "applications:notifications-read": PAGE,
    "achievements:record": PAGE,
    "achievements:record-pdf": PAGE,
    "achievements:share-links": PAGE,
    "achievements:provider-home": PAGE,
    "achievements:qa-search": PAGE,
    "achievements:figures": PAGE,
    "credentials:mine": PAGE,
    "credentials:name": PAGE,
    "credentials:clr": PAGE,
    "reviews:list": PAGE,
    "reviews:export": PAGE,
    "reviews:overdue": PAGE,
    "reviews:transition": PAGE,
    "reviews:schemes": PAGE,
    "reviews:scheme": PAGE,  # an unknown scheme: 404
    "reviews:scheme-import": PAGE,
    "reviews:calendar-subscription": PAGE,  # a wrong token: 404
    "audit-log": Expect("page", frozenset({"qa_manager"})),
    # the other party's organisation, keys and results
    "organisations:detail": QA_SEES,
    "organisations:api-keys": OWN_ONLY,
    "organisations:api-key-revoke": OWN_ONLY,
    "achievements:share-link-revoke": OWN_ONLY,
    "achievements:provider": QA_SEES,
    "achievements:upload": OWN_ONLY,
    "achievements:report": OWN_ONLY,
    "achievements:report-learner": OWN_ONLY,
    "achievements:report-choices": OWN_ONLY,
    "achievements:batch": QA_SEES,
    "achievements:batch-progress": QA_SEES,
    "achievements:batch-errors": QA_SEES,
    "achievements:provider-completions": QA_SEES,
    "achievements:provider-export": QA_SEES,
    "achievements:completion": QA_SEES,
    "achievements:completion-correct": QA_READS,
    "achievements:completion-withdraw": QA_READS,
    "credentials:suspension": QA_SEES,
    # the other party's application
    "applications:detail": QA_SEES,
    "applications:edit": QA_READS,
    "applications:precheck": QA_READS,
    "applications:submit": QA_READS,
    "applications:withdraw": QA_READS,
    "applications:attachment-upload": QA_READS,
    "applications:attachment-download": QA_SEES,
    "applications:attachment-remove": QA_READS,
    "applications:reply": QA_READS,
    "applications:letter": QA_SEES,
    "applications:evaluate": QA_SEES,
    "applications:evaluate-action": QA_SEES,
    # the other party's review
    "reviews:detail": QA_SEES,
    "reviews:report": OWN_ONLY,
    "reviews:decide": QA_SEES,
    "reviews:escalate": QA_SEES,
    "reviews:period": QA_SEES,
    "reviews:calendar": QA_SEES,
    "reviews:calendar-link": QA_SEES,
    # the other party's webhook endpoints and their deliveries: its administrators' alone
    "webhooks:endpoints": OWN_ONLY,
    "webhooks:endpoint": OWN_ONLY,
    "webhooks:endpoint-edit": OWN_ONLY,
    "webhooks:endpoint-delete": OWN_ONLY,
    "webhooks:endpoint-disable": OWN_ONLY,
    "webhooks:endpoint-enable": OWN_ONLY,
    "webhooks:endpoint-rotate": OWN_ONLY,
    "webhooks:delivery-redeliver": OWN_ONLY,
    # the other party's identity provider (sign-in): its administrators' alone
    "identity-providers:list": OWN_ONLY,
    "identity-providers:edit": OWN_ONLY,
    "identity-providers:remove": OWN_ONLY,
}
# Accounts and multi-factor sign-in (django-allauth): each about the person asking; a made-up key
# or authenticator id finds nothing of anyone's
ACCOUNT_PAGES = {
    "account_login": PUBLIC,
    "account_logout": PAGE,
    "account_inactive": PUBLIC,
    "account_signup": PUBLIC,
    "account_reauthenticate": PAGE,
    "account_email": PAGE,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": PAGE,
    "account_set_password": PAGE,
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": PUBLIC,
    "account_confirm_email": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "socialaccount_connections": PAGE,
    "socialaccount_login_cancelled": PUBLIC,
    "socialaccount_login_error": PUBLIC,
    "socialaccount_signup": PUBLIC,
    # sign-in through an organisation's identity provider (a made-up provider: not found)
    "openid_connect_login": PUBLIC,
    "openid_connect_callback": PUBLIC,
    "mfa_index": PAGE,
    "mfa_authenticate": PAGE,
    "mfa_reauthenticate": PAGE,
    "mfa_activate_totp": PAGE,
    "mfa_deactivate_totp": PAGE,
    "mfa_view_recovery_codes": PAGE,
    "mfa_generate_recovery_codes": PAGE,
    "mfa_download_recovery_codes": PAGE,
    "mfa_list_webauthn": PAGE,
    "mfa_add_webauthn": PAGE,
    "mfa_reauthenticate_webauthn": PAGE,
    "mfa_remove_webauthn": OWN_ONLY,
    "mfa_edit_webauthn": OWN_ONLY,
}
EXPECTED |= ACCOUNT_PAGES

# Django's admin: staff accounts only, and none of the roles is one. Its one check is the same
# for every role that is not staff, so three stand for them all (it keeps the run short).
ADMIN = Expect("object", NOBODY)
ADMIN_ROLES = frozenset({"anonymous", "provider_a", "qa_manager"})


def expectation(name: str) -> Expect | None:
    if name == "admin:login":
        return PUBLIC
    if name.startswith("admin:"):
        return ADMIN
    if name.startswith("api-v1:"):
        return API_EXPECTED.get(name)
    return EXPECTED.get(name)


# The API: public operations, and each organisation's (a key never reaches another's objects)
API_PUBLIC = {
    "api-v1:openapi-json",
    "api-v1:openapi-view",
    "api-v1:root",
    "api-v1:api-root",
    "api-v1:micro_credential_download_csv",
    "api-v1:micro_credential_download_json",
    "api-v1:micro_credential_search",
    "api-v1:micro_credential_detail",
    "api-v1:micro_credential_ctdl",
    "api-v1:micro_credential_achievement",
    "api-v1:open_data",
    "api-v1:credentials_verify",
}
API_EXPECTED: dict[str, Expect] = dict.fromkeys(API_PUBLIC, PUBLIC) | {
    # lists answer with the key's own organisation's objects only
    "api-v1:list_applications": Expect("page", NOBODY),
    "api-v1:create_application": Expect("page", NOBODY),
    "api-v1:completions_report": Expect("page", NOBODY),
    "api-v1:completions_list": Expect("page", NOBODY),
    "api-v1:list_reviews": Expect("page", NOBODY),
    # the other party's application or review does not exist for a key
    "api-v1:get_application": OWN_ONLY,
    "api-v1:update_application": OWN_ONLY,
    "api-v1:application_findings": OWN_ONLY,
    "api-v1:submit_application": OWN_ONLY,
    "api-v1:reply_to_request": OWN_ONLY,
    "api-v1:withdraw_application": OWN_ONLY,
    "api-v1:add_attachment": OWN_ONLY,
    "api-v1:get_review": OWN_ONLY,
    "api-v1:completion_read": OWN_ONLY,
    "api-v1:completion_correct": OWN_ONLY,
    "api-v1:completion_withdraw": OWN_ONLY,
    "api-v1:save_report": OWN_ONLY,
    "api-v1:submit_report": OWN_ONLY,
    # webhooks: a key's own organisation's endpoints only
    "api-v1:webhook_endpoints_list": Expect("page", NOBODY),
    "api-v1:webhook_endpoint_create": Expect("page", NOBODY),
    "api-v1:webhook_endpoint_read": OWN_ONLY,
    "api-v1:webhook_endpoint_change": OWN_ONLY,
    "api-v1:webhook_endpoint_delete": OWN_ONLY,
    "api-v1:webhook_endpoint_disable": OWN_ONLY,
    "api-v1:webhook_endpoint_enable": OWN_ONLY,
    "api-v1:webhook_endpoint_rotate": OWN_ONLY,
    "api-v1:webhook_deliveries_list": OWN_ONLY,
    "api-v1:webhook_delivery_redeliver": OWN_ONLY,
}


# ---- the world ------------------------------------------------------------------------------


@dataclass
class Side:
    provider: Organisation
    developer: Organisation
    listing_number: str
    application: Application
    review: Review
    completion: Completion
    batch: ImportBatch
    share_link: ShareLink
    share_token: str
    api_key: ApiKey
    endpoint: Endpoint
    identity_provider: IdentityProvider
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def delivery(self) -> Delivery:
        return Delivery.objects.filter(endpoint=self.endpoint).order_by("pk").first()  # type: ignore[return-value]

    @property
    def key_ids(self) -> list[int]:
        return list(
            ApiKey.objects.filter(organisation__in=[self.provider, self.developer]).values_list(
                "pk", flat=True
            )
        )


@dataclass
class World:
    sides: dict[str, Side]
    clients: dict[str, Client]


def _side(letter: str, people: dict[str, Any]) -> Side:
    marker = MARKERS[letter]
    low = letter.lower()
    provider = OrganisationFactory.create(
        name=f"Provider {letter}", slug=f"provider-{low}", org_type="pte"
    )
    developer = OrganisationFactory.create(
        name=f"Skills Board {letter}", slug=f"isb-{low}", org_type="isb", moe_number=""
    )
    provider_admin = _persona(f"provider-{low}", provider, "admin")
    # the provider's webhook endpoint, subscribed before its events (their deliveries wait)
    with override_settings(TOHU_WEBHOOKS_ALLOW_LOOPBACK=True):
        endpoint = webhook_services.endpoint_create(
            actor=provider_admin.user,
            organisation=provider,
            url="http://127.0.0.1:9/hooks",
            event_types=list(EventType.values),
            description=f"{marker} receiver",
        ).endpoint
    developer_staff = _persona(f"developer-{low}", developer, "staff")
    people[f"provider_{low}"] = provider_admin
    people[f"developer_{low}"] = developer_staff
    if letter == "A":
        people["results_officer_a"] = _persona("results-officer-a", provider, "results_officer")
    learner_person = _persona(f"learner-{low}", None, None)
    people[f"learner_{low}"] = learner_person
    learner = LearnerFactory.create(
        nsn=f"00000{1 if letter == 'A' else 2}2345", family_name=marker, user=learner_person.user
    )
    listing = listed_micro_credential(developer=developer, listing_number=f"7{ord(letter)}0")
    accredit(provider, listing)
    # the developer's submitted application
    application = application_services.application_create(
        actor=developer_staff.user, organisation=developer, application_type="listing_approval"
    )
    values = {**LISTING_VALUES, "title": f"Forklift {marker}", "isb_support": "not_sought"}
    application = application_services.application_update(
        actor=developer_staff.user,
        application=application,
        changes=values,
        expected_version=application.edit_version,
    )
    application = application_services.application_submit(
        actor=developer_staff.user, application=application
    )
    # the provider's completion of its learner, and the batch that recorded it
    outcome = results_import(
        reporter=provider_admin.user,
        provider=provider,
        source=RowsSource(
            items=[
                {
                    "nsn": learner.nsn,
                    "listing_number": listing.listing_number,
                    "date_of_achievement": "2025-05-01",
                    "provider_reference": f"{marker}ref",
                }
            ],
            name=f"{marker}.csv",
        ),
        channel=Channel.UPLOAD,
    )
    assert outcome.ok, outcome.summary
    # the developer's review, with a draft answer
    review_services.reviews_schedule(only=[listing])
    review = Review.objects.get(micro_credential=listing, kind=ReviewKind.DEVELOPER)
    review_services.review_report_save(
        actor=developer_staff.user,
        review=review,
        answers={"evidence_of_need_detail": f"Employers of {marker} ask for it."},
    )
    issued = records.share_link_create(
        actor=learner_person.user, learner=learner, label=f"{marker} employer", days=30
    )
    key = organisation_services.api_key_create(
        actor=provider_admin.user,
        organisation=provider,
        name=f"{marker} system",
        scopes=["completions:read"],
    )
    side = Side(
        provider=provider,
        developer=developer,
        listing_number=listing.listing_number,
        application=application,
        review=review,
        completion=Completion.objects.get(provider=provider),
        batch=ImportBatch.objects.get(provider=provider),
        share_link=issued.link,
        share_token=issued.token,
        api_key=key.api_key,
        endpoint=endpoint,
        identity_provider=account_services.identity_provider_configure(
            actor=provider_admin.user,
            organisation=provider,
            slug=f"provider-{low}-sso",
            # its name is on the public sign-in page (and allauth's connections page) by design;
            # its client id is the administrators' alone
            name=f"Provider {letter} staff sign-in",
            issuer=f"https://login.provider-{low}.example/tenant",
            client_id=f"{marker}-client",
            client_secret=f"{marker}-secret",
            email_domains=[f"provider-{low}.example"],
        ),
    )
    # keys of the party's provider and developer, one a scope (and one with every scope)
    developer_admin = _persona(f"developer-admin-{low}", developer, "admin")
    # each scope on the provider's key (a provider reports, applies and is reviewed), and every
    # scope on a key of each organisation
    wanted = [(provider, provider_admin, scope) for scope in Scope] + [
        (provider, provider_admin, None),
        (developer, developer_admin, None),
    ]
    for organisation, admin, scope in wanted:
        scopes = [s.value for s in Scope] if scope is None else [scope.value]
        name = f"key:{organisation.slug}:{scope or 'all'}"
        side.keys[name] = organisation_services.api_key_create(
            actor=admin.user, organisation=organisation, name=name, scopes=scopes
        ).plaintext
    return side


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            people: dict[str, Any] = {}
            nzqa = OrganisationFactory.create(
                name="NZQA", slug="nzqa", org_type="nzqa", moe_number=""
            )
            unz = OrganisationFactory.create(
                name="Universities New Zealand",
                slug="unz",
                org_type="universities_nz",
                moe_number="",
            )
            people["nzqa_evaluator"] = _persona("nzqa-evaluator", nzqa, "evaluator")
            people["qa_manager"] = _persona("qa-manager", nzqa, "manager")
            people["unz_evaluator"] = _persona("unz-evaluator", unz, "evaluator")
            sides = {letter: _side(letter, people) for letter in ("A", "B")}
            clients = {role: people[role].client for role in WEB_ROLES if role != "anonymous"}
            for client in clients.values():
                # as after signing in with a second factor: the quality assurer's staff and
                # administrators must have one, and would otherwise only be sent to set it up
                session = client.session
                remember_second_factor(session)
                session.save()
            clients["anonymous"] = Client()
            yield World(sides=sides, clients=clients)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# ---- the URLs, from the resolver -------------------------------------------------------------


def _kwargs_of(pattern: Any) -> set[str]:
    return set(pattern.regex.groupindex) | set(getattr(pattern, "converters", {}))


def _patterns(
    patterns: list[Any], namespace: str = "", outer: frozenset[str] = frozenset()
) -> Iterator[tuple[str, URLPattern, frozenset[str]]]:
    """Every named URL with the names of its arguments (its own and its includes')."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            names = outer | _kwargs_of(pattern.pattern)
            yield from _patterns(pattern.url_patterns, inner, names)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern, outer | _kwargs_of(pattern.pattern)


def web_urls() -> list[tuple[str, URLPattern, frozenset[str]]]:
    return [
        (name, p, kwargs)
        for name, p, kwargs in _patterns(get_resolver().url_patterns)
        if not name.startswith("api-v1:")
    ]


UNKNOWN_UUID = uuid.UUID("00000000-0000-4000-8000-000000000000")


def _value(name: str, kwarg: str, side: Side) -> Any:
    namespace = name.split(":")[0]
    special: dict[tuple[str, str], Any] = {
        ("reviews:scheme", "pk"): 999999,
        ("reviews:calendar", "slug"): side.developer.slug,
        ("reviews:calendar-subscription", "slug"): side.developer.slug,
        ("reviews:calendar-subscription", "token"): "not-a-token",
        ("applications:attachment-download", "attachment_id"): 999999,
        ("achievements:record-verify", "token"): "not-a-token",
        ("applications:letter-verify", "token"): "not-a-token",
        ("credentials:exchange", "token"): "not-a-token",
        ("password-reset-confirm", "token"): "not-a-token",
        ("password-reset-confirm", "uidb64"): "MQ",
        ("reviews:calendar-link", "slug"): side.developer.slug,
        ("mfa_remove_webauthn", "pk"): 999999,
        ("mfa_edit_webauthn", "pk"): 999999,
        ("account_confirm_email", "key"): "not-a-key",
        ("openid_connect_login", "provider_id"): "no-such-provider",
        ("openid_connect_callback", "provider_id"): "no-such-provider",
        ("account_reset_password_from_key", "key"): "not-a-key",
        ("account_reset_password_from_key", "uidb36"): "1",
        ("applications:attachment-remove", "attachment_id"): 999999,
        ("translation-edit", "key"): "0000000000000000",
    }
    if (name, kwarg) in special:
        return special[(name, kwarg)]
    if namespace == "admin":
        return {"app_label": "core", "url": "x", "content_type_id": "1"}.get(kwarg, "1")
    by_kwarg: dict[str, Callable[[], Any]] = {
        "listing_number": lambda: side.listing_number,
        "slug": lambda: side.provider.slug,
        "key_id": lambda: side.api_key.pk,
        "attachment_id": lambda: 999999,
        "number": lambda: "1" if namespace == "credentials" else "S-0000",
        "action": lambda: "begin",
        "link_id": lambda: side.share_link.pk,
        "token": lambda: side.share_token,
        "batch_id": lambda: side.batch.pk,
        "completion_id": lambda: side.completion.pk,
        "purpose": lambda: "revocation",
        "credential_uuid": lambda: UNKNOWN_UUID,
        "application_id": lambda: side.application.pk,
        "review_id": lambda: side.review.pk,
        "endpoint_id": lambda: side.endpoint.pk,
        "idp": lambda: side.identity_provider.slug,
        "delivery_id": lambda: side.delivery.pk,
        "version": lambda: 1,
        "name": lambda: "micro-credentials.csv.gz",
    }
    if kwarg == "pk":
        return {"applications": side.application.pk, "reviews": side.review.pk}[namespace]
    return by_kwarg[kwarg]()


def url_for(name: str, names: frozenset[str], side: Side) -> str:
    return reverse(name, kwargs={k: _value(name, k, side) for k in sorted(names)})


# ---- one request, judged --------------------------------------------------------------------


def _subjects(side: Side) -> Q:
    """The audit subjects that are the other party's."""
    pairs = [
        ("applications.application", side.application.pk),
        ("reviews.review", side.review.pk),
        ("achievements.completion", side.completion.pk),
        ("achievements.importbatch", side.batch.pk),
        ("achievements.sharelink", side.share_link.pk),
        ("organisations.organisation", side.provider.pk),
        ("organisations.organisation", side.developer.pk),
        ("learners.learner", side.share_link.learner_id),
        *(("organisations.apikey", pk) for pk in side.key_ids),
        ("webhooks.endpoint", side.endpoint.pk),
        ("webhooks.delivery", side.delivery.pk),
        ("accounts.identityprovider", side.identity_provider.pk),
    ]
    query = Q(pk__in=[])
    for subject_type, pk in pairs:
        query |= Q(subject_type=subject_type, subject_id=str(pk))
    return query


def _fingerprint(side: Side) -> tuple[Any, ...]:
    """The other party's objects as they stand, and the audit events about them."""
    return (
        AuditEvent.objects.filter(_subjects(side)).count(),
        tuple(
            Application.objects.filter(pk=side.application.pk).values_list("status", "edit_version")
        ),
        tuple(Review.objects.filter(pk=side.review.pk).values_list("status", "draft_saved_at")),
        tuple(Completion.objects.filter(provider=side.provider).values_list("pk", "status")),
        tuple(ApiKey.objects.filter(pk__in=side.key_ids).values_list("pk", "revoked_at")),
        tuple(ShareLink.objects.filter(pk=side.share_link.pk).values_list("revoked_at")),
        tuple(
            Endpoint.objects.filter(pk=side.endpoint.pk).values_list(
                "url", "event_types", "disabled_at", "secret_encrypted"
            )
        ),
        tuple(
            Delivery.objects.filter(endpoint=side.endpoint).values_list("pk", "state", "attempts")
        ),
        tuple(
            IdentityProvider.objects.filter(pk=side.identity_provider.pk).values_list(
                "name", "issuer", "client_id", "client_secret_sealed", "email_domains", "enabled"
            )
        ),
    )


@dataclass(frozen=True)
class Outcome:
    url: str
    method: str
    role: str
    status: int
    leak: str


def judge(
    client: Client,
    method: str,
    url: str,
    role: str,
    expect: Expect,
    side: Side,
    headers: dict[str, str] | None = None,
) -> Outcome:
    allowed = "*" in expect.allowed or role in expect.allowed
    writes = "*" in expect.allowed or role in expect.writers
    marker = MARKERS["A" if side.provider.slug.endswith("-a") else "B"]
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)  # signing out must not sign the role out for good
    with transaction.atomic():
        before = _fingerprint(side)
        if method == "GET":
            response = client.get(url, headers=headers or {})
        else:
            response = client.generic(method, url, b"", "application/json", headers=headers or {})
        changed = _fingerprint(side) != before
        transaction.set_rollback(True)
    client.cookies = cookies
    streamed = getattr(response, "streaming_content", None)
    body = b"".join(streamed) if response.streaming and streamed is not None else response.content
    leak = ""
    if response.status_code >= 500 and not (url == "/health/ready" and response.status_code == 503):
        # (readiness answers 503 while no worker runs, as here: that is its answer, not a fault)
        leak = "server error"
    elif not allowed and marker.encode() in body:
        leak = f"shows {marker}"
    elif not allowed and expect.kind == "object" and 200 <= response.status_code < 300:
        leak = "answers 2xx"
    elif not writes and method != "GET" and changed:
        leak = "changed the other party's objects"
    return Outcome(url, method, role, response.status_code, leak)


def _table(outcomes: list[Outcome]) -> str:
    return "\n".join(f"{o.role} {o.method} {o.url} {o.status}: {o.leak}" for o in outcomes)


def test_every_url_has_an_expected_outcome() -> None:
    names = {name for name, _, _ in web_urls()} | set(_api_operations_names())
    missing = sorted(name for name in names if expectation(name) is None)
    assert missing == [], f"add these URLs to EXPECTED: {missing}"


def _api_operations_names() -> list[str]:
    return [
        name for name, _, _ in _patterns(get_resolver().url_patterns) if name.startswith("api-v1:")
    ]


def _api_operations() -> list[tuple[str, str]]:
    """(method, path template) for every operation in the OpenAPI document."""
    document = api.get_openapi_schema()
    return [
        (method.upper(), path.removeprefix("/api/v1"))
        for path, methods in document["paths"].items()
        for method in methods
    ]


# one test a role, so that the suite's workers share the 4,000-odd requests
@pytest.mark.parametrize("role", WEB_ROLES)
def test_no_role_reaches_another_partys_pages(world: World, db: None, role: str) -> None:
    outcomes: list[Outcome] = []
    side = world.sides[victim_side(role)]
    for name, _, kwarg_names in web_urls():
        expect = expectation(name)
        assert expect is not None, name
        url = url_for(name, kwarg_names, side)
        if name.startswith("admin:") and role not in ADMIN_ROLES:
            continue
        for method in ("GET", "POST"):
            if name.startswith("admin:") and method == "POST":
                continue  # every admin address refuses the roles before reading a form
            outcomes.append(judge(world.clients[role], method, url, role, expect, side))
    leaks = [o for o in outcomes if o.leak]
    assert len(outcomes) > 300  # every page's address, read and posted to
    assert leaks == [], "\n".join(
        f"{o.role} {o.method} {o.url} {o.status}: {o.leak}" for o in leaks
    )


def test_no_key_reaches_another_partys_objects(world: World, db: None) -> None:
    outcomes: list[Outcome] = []
    operations = _api_operations()
    assert operations
    for attacker, victim in (("A", "B"), ("B", "A")):
        side = world.sides[victim]
        callers: dict[str, dict[str, str]] = {
            "no key": {},
            "another's session": {},
            **{
                name: {"Authorization": f"Bearer {key}"}
                for name, key in world.sides[attacker].keys.items()
            },
        }
        for method, template in operations:
            path = template.format(
                application_id=side.application.pk,
                review_id=side.review.pk,
                completion_id=side.completion.pk,
                listing_number=side.listing_number,
                endpoint_id=side.endpoint.pk,
                delivery_id=side.delivery.pk,
            )
            name = resolve(f"/api/v1{path}").view_name
            expect = API_EXPECTED.get(name)
            assert expect is not None, f"add {name} to API_EXPECTED"
            for caller, headers in callers.items():
                client = (
                    world.clients[f"provider_{attacker.lower()}"]
                    if caller == "another's session"
                    else world.clients["anonymous"]
                )
                outcomes.append(
                    judge(client, method, f"/api/v1{path}", caller, expect, side, headers)
                )
    leaks = [o for o in outcomes if o.leak]
    assert len(outcomes) > 500
    assert leaks == [], "\n".join(
        f"{o.role} {o.method} {o.url} {o.status}: {o.leak}" for o in leaks
    )
