"""One permission vocabulary and one place that decides: `can(principal, action, obj)`.

Web views, the API and the admin all ask here, for every kind of principal
(`tohu.core.principal`): a person, an organisation's API key, or the system. Deny by default: an
action without a rule, a person without the membership the rule needs, or a key without the
scope the action needs (`KEY_SCOPES`) is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

from django.utils.translation import gettext

from tohu.core.errors import NotAllowed
from tohu.core.principal import KEY_ROLES, KeyPrincipal, Principal, Scope, SystemActor
from tohu.rulebook.applications import decided_by_universities_nz

if TYPE_CHECKING:
    from django.db.models import Q

    from tohu.learners.models import Learner
    from tohu.organisations.models import Membership

User: TypeAlias = Principal


class Action(StrEnum):
    """Everything a person may be allowed to do."""

    REGISTER_VIEW = "register.view"
    REGISTER_CHANGE = "register.change"
    REGISTER_SET_STATUS = "register.set_status"
    REGISTER_MANAGE_ACCREDITATION = "register.manage_accreditation"
    AUDIT_VIEW = "audit.view"
    OPERATIONS_VIEW = "operations.view"
    ORGANISATION_VIEW = "organisation.view"
    ORGANISATION_MANAGE_KEYS = "organisation.manage_keys"
    LEARNER_VIEW = "learner.view"
    DASHBOARD_QUALITY_ASSURER = "dashboard.quality_assurer"
    DASHBOARD_DEVELOPER = "dashboard.developer"
    DASHBOARD_PROVIDER = "dashboard.provider"
    DASHBOARD_LEARNER = "dashboard.learner"
    APPLICATION_CREATE = "application.create"
    APPLICATION_VIEW = "application.view"
    APPLICATION_EDIT = "application.edit"
    APPLICATION_EVALUATE = "application.evaluate"
    APPLICATION_DECIDE = "application.decide"
    ACHIEVEMENT_REPORT = "achievement.report"
    ACHIEVEMENT_VIEW_REPORTED = "achievement.view_reported"
    ACHIEVEMENT_SEARCH = "achievement.search"
    ACHIEVEMENT_SHARE = "achievement.share"
    REVIEWS_VIEW_ALL = "reviews.view_all"
    REVIEWS_VIEW_OWN = "reviews.view_own"
    REVIEW_VIEW = "review.view"
    REVIEW_FILE = "review.file"
    REVIEW_DECIDE = "review.decide"
    REVIEW_SET_PERIOD = "review.set_period"
    TRANSITION_MANAGE = "transition.manage"
    CREDENTIAL_VERIFY = "credential.verify"
    CREDENTIAL_DOWNLOAD = "credential.download"
    CREDENTIAL_CHOOSE_NAME = "credential.choose_name"
    CREDENTIAL_COLLECT = "credential.collect"
    CREDENTIAL_EXCHANGE = "credential.exchange"
    COMPLETION_SUSPEND = "completion.suspend"
    ACCOUNT_MANAGE_OWN = "account.manage_own"
    ACCOUNT_RECOVER = "account.recover"
    ORGANISATION_MANAGE_SIGN_IN = "organisation.manage_sign_in"
    ORGANISATION_MANAGE_WEBHOOKS = "organisation.manage_webhooks"
    ORGANISATION_SET_NZBN = "organisation.set_nzbn"
    ISSUER_KEY_MANAGE = "issuer_key.manage"
    TRANSLATION_REVIEW = "translation.review"


QA_ROLES = frozenset({"evaluator", "manager", "admin"})
QA_DECISION_ROLES = frozenset({"manager", "evaluator"})


def memberships(user: User | None) -> list[Membership]:
    """Return the user's memberships with organisations, loaded once per user object."""
    if user is None or isinstance(user, SystemActor) or not user.is_authenticated:
        return []
    if isinstance(user, KeyPrincipal):
        from tohu.organisations.models import Membership

        # a key acts as a member of its own organisation, never as its administrator
        return [Membership(organisation=user.organisation, role=role) for role in KEY_ROLES]
    cached: list[Membership] | None = getattr(user, "_tohu_memberships", None)
    if cached is None:
        from tohu.organisations.models import Membership

        cached = list(Membership.objects.filter(user_id=user.pk).select_related("organisation"))
        # cached on the user object: one query per request, however many checks it makes
        setattr(user, "_tohu_memberships", cached)  # noqa: B010
    return cached


def _is_quality_assurer(user: User, roles: frozenset[str] = QA_ROLES) -> bool:
    return any(m.organisation.is_quality_assurer and m.role in roles for m in memberships(user))


# The quality assurers share the work by the kind of organisation asking: Universities New
# Zealand for universities, NZQA for everyone else (APP-who; rulebook.decided_by_universities_nz).
NZQA = "nzqa"
UNIVERSITIES_NZ = "universities_nz"


def assurer_of(org_type: str) -> str:
    """The quality assurer (its organisation type) that acts for an organisation of this type."""
    return UNIVERSITIES_NZ if decided_by_universities_nz(org_type) else NZQA


def assured_bodies(user: User | None, roles: frozenset[str] = QA_ROLES) -> frozenset[str]:
    """The quality assurers the principal works for, in one of `roles`."""
    return frozenset(
        m.organisation.org_type
        for m in memberships(user)
        if m.organisation.is_quality_assurer and m.role in roles
    )


def assured_q(user: User | None, org_type_field: str) -> Q:
    """A filter to the rows whose organisation (`org_type_field`) the principal assures."""
    from django.db.models import Q

    if isinstance(user, SystemActor):
        return Q()
    bodies = assured_bodies(user)
    university_types = [t for t in _org_types() if assurer_of(t) == UNIVERSITIES_NZ]
    if NZQA in bodies and UNIVERSITIES_NZ in bodies:
        return Q()
    if UNIVERSITIES_NZ in bodies:
        return Q(**{f"{org_type_field}__in": university_types})
    if NZQA in bodies:
        return ~Q(**{f"{org_type_field}__in": university_types})
    return Q(pk__in=[])


def _org_types() -> list[str]:
    from tohu.organisations.models import OrganisationType

    return list(OrganisationType.values)


def _subject_org_type(obj: Any) -> str | None:
    # an application's applicant, a review's organisation, a listing's developer, an organisation
    for name in ("applicant", "organisation", "developer"):
        organisation = getattr(obj, name, None)
        if organisation is not None and hasattr(organisation, "org_type"):
            return str(organisation.org_type)
    org_type = getattr(obj, "org_type", None)
    return None if org_type is None else str(org_type)


def _assures(user: User, obj: Any, roles: frozenset[str] = QA_ROLES) -> bool:
    """A quality assurer's staff member for this object (any, when there is no object)."""
    bodies = assured_bodies(user, roles)
    org_type = _subject_org_type(obj)
    if org_type is None:
        return bool(bodies)
    return assurer_of(org_type) in bodies


def _national(user: User) -> bool:
    # learners' completions across every provider are NZQA's to search, not Universities NZ's
    return NZQA in assured_bodies(user)


def _member_of(
    user: User, organisation_id: int | None, roles: frozenset[str] | None = None
) -> bool:
    return any(
        m.organisation_id == organisation_id and (roles is None or m.role in roles)
        for m in memberships(user)
    )


def _anyone(user: User, obj: Any) -> bool:
    return True


def _person_id(user: User) -> int | None:
    # a key or the system is never a learner, nor a person who owns something
    if isinstance(user, KeyPrincipal | SystemActor) or not user.is_authenticated:
        return None
    return int(user.pk)


def _signed_in(user: User, obj: Any) -> bool:
    # a person, never an API key or the system
    return _person_id(user) is not None


def _quality_assurer(user: User, obj: Any) -> bool:
    return _is_quality_assurer(user)


def _quality_assurer_decider(user: User, obj: Any) -> bool:
    return _is_quality_assurer(user, QA_DECISION_ROLES)


def _audit_viewer(user: User, obj: Any) -> bool:
    return _is_quality_assurer(user, frozenset({"manager", "admin"}))


def _organisation_member_or_qa(user: User, obj: Any) -> bool:
    # its own people, or the quality assurer that acts for it
    return _assures(user, obj) or _member_of(user, getattr(obj, "pk", None))


def _assured_decider(user: User, obj: Any) -> bool:
    return _assures(user, obj, QA_DECISION_ROLES)


def _reported_viewer(user: User, obj: Any) -> bool:
    # a provider's own people, or the quality assurer for that provider
    return _assures(user, obj) or _member_of(user, getattr(obj, "pk", None))


def _national_search(user: User, obj: Any) -> bool:
    return _national(user)


def _organisation_admin(user: User, obj: Any) -> bool:
    return _member_of(user, getattr(obj, "pk", None), frozenset({"admin"}))


def _webhook_manager(user: User, obj: Any) -> bool:
    # the organisation's administrators; a key (with its scope) for its own organisation
    if isinstance(user, KeyPrincipal):
        return _member_of(user, getattr(obj, "pk", None))
    return _organisation_admin(user, obj)


def _learner_self_or_qa(user: User, obj: Any) -> bool:
    # a learner's record spans providers: the learner, or NZQA's staff
    owner_id = getattr(obj, "user_id", None)
    return _national(user) or (owner_id is not None and owner_id == _person_id(user))


def _developer(user: User, obj: Any) -> bool:
    return any(
        m.organisation.is_standard_setting_body or m.organisation.is_provider
        for m in memberships(user)
    )


def _provider(user: User, obj: Any) -> bool:
    return any(m.organisation.is_provider for m in memberships(user))


def linked_learner(user: User | None) -> Learner | None:
    """Return the learner linked to the account, if any, loaded once per user object."""
    if user is None or isinstance(user, KeyPrincipal | SystemActor) or not user.is_authenticated:
        return None
    loaded: tuple[Learner | None] | None = getattr(user, "_tohu_learner", None)
    if loaded is None:
        from tohu.learners.models import Learner

        loaded = (Learner.objects.filter(user_id=user.pk).first(),)
        # like memberships: the navigation and the page share one query per request
        setattr(user, "_tohu_learner", loaded)  # noqa: B010
    return loaded[0]


def _learner(user: User, obj: Any) -> bool:
    return linked_learner(user) is not None


def _review_member_or_qa(user: User, obj: Any) -> bool:
    return _assures(user, obj) or _member_of(user, getattr(obj, "organisation_id", None))


def _review_filer(user: User, obj: Any) -> bool:
    # a review is filed by the staff of the organisation it asks (REV-dev, REV-prov)
    organisation_id = getattr(obj, "organisation_id", None)
    return _member_of(user, organisation_id, frozenset({"admin", "staff"}))


def _results_officer(user: User, obj: Any) -> bool:
    # a provider reports completions only as itself, through its administrators or results officers
    is_provider = bool(getattr(obj, "is_provider", False))
    roles = frozenset({"admin", "results_officer"})
    return is_provider and _member_of(user, getattr(obj, "pk", None), roles)


def _learner_self(user: User, obj: Any) -> bool:
    owner_id = getattr(obj, "user_id", None)
    return owner_id is not None and owner_id == _person_id(user)


APPLICANT_ROLES = frozenset({"admin", "staff"})


def _applicant_member(user: User, obj: Any) -> bool:
    # with no organisation in hand: is the person an applicant anywhere?
    if obj is None:
        return any(m.role in APPLICANT_ROLES for m in memberships(user))
    organisation_id = getattr(obj, "applicant_id", getattr(obj, "pk", None))
    return _member_of(user, organisation_id, APPLICANT_ROLES)


def _operator_only(user: User, obj: Any) -> bool:
    # no page or key: only the system's own command (a SystemActor passes `can()` before this)
    return False


def _translator(user: User, obj: Any) -> bool:
    # a fluent speaker given the translator role by any organisation (usually the quality assurer)
    return any(m.role == "translator" for m in memberships(user))


def _applicant_or_qa(user: User, obj: Any) -> bool:
    # a draft is the applicant's own until it is submitted
    if getattr(obj, "status", None) == "draft":
        return _applicant_member(user, obj)
    return _assures(user, obj) or _applicant_member(user, obj)


RULES: dict[Action, Callable[[User, Any], bool]] = {
    Action.REGISTER_VIEW: _anyone,
    # listing, a new version, the next review date: on the quality assurer's decision
    Action.REGISTER_CHANGE: _quality_assurer_decider,
    Action.REGISTER_SET_STATUS: _quality_assurer_decider,
    Action.REGISTER_MANAGE_ACCREDITATION: _quality_assurer_decider,
    Action.AUDIT_VIEW: _audit_viewer,
    Action.OPERATIONS_VIEW: _quality_assurer,
    Action.ORGANISATION_VIEW: _organisation_member_or_qa,
    Action.ORGANISATION_MANAGE_KEYS: _organisation_admin,
    Action.LEARNER_VIEW: _learner_self_or_qa,
    Action.DASHBOARD_QUALITY_ASSURER: _quality_assurer,
    Action.DASHBOARD_DEVELOPER: _developer,
    Action.DASHBOARD_PROVIDER: _provider,
    Action.DASHBOARD_LEARNER: _learner,
    Action.APPLICATION_CREATE: _applicant_member,
    Action.APPLICATION_VIEW: _applicant_or_qa,
    Action.APPLICATION_EDIT: _applicant_member,
    # Universities New Zealand's staff for universities' applications, NZQA's for the rest
    Action.APPLICATION_EVALUATE: _assured_decider,
    Action.APPLICATION_DECIDE: _assured_decider,
    Action.ACHIEVEMENT_REPORT: _results_officer,
    Action.ACHIEVEMENT_VIEW_REPORTED: _reported_viewer,
    Action.ACHIEVEMENT_SEARCH: _national_search,
    Action.ACHIEVEMENT_SHARE: _learner_self,
    Action.REVIEWS_VIEW_ALL: _quality_assurer,
    # developers and providers see their own organisations' reviews
    Action.REVIEWS_VIEW_OWN: _developer,
    Action.REVIEW_VIEW: _review_member_or_qa,
    Action.REVIEW_FILE: _review_filer,
    Action.REVIEW_DECIDE: _assured_decider,
    Action.REVIEW_SET_PERIOD: _assured_decider,
    Action.TRANSITION_MANAGE: _quality_assurer_decider,
    # DID documents, status lists, the trust registry and /verify are public
    Action.CREDENTIAL_VERIFY: _anyone,
    # a learner's own credentials (obj: the Learner), or the quality assurer's
    Action.CREDENTIAL_DOWNLOAD: _learner_self_or_qa,
    # the learner alone (obj: the Learner): the name their credentials show, a wallet exchange
    Action.CREDENTIAL_CHOOSE_NAME: _learner_self,
    Action.CREDENTIAL_COLLECT: _learner_self,
    # a wallet answering an exchange the learner started: the exchange's secret address (its
    # token) is the capability, so whoever holds it may take the step (the service checks it)
    Action.CREDENTIAL_EXCHANGE: _anyone,
    # the quality assurer's deciders suspend a completion under investigation, and lift it
    Action.COMPLETION_SUSPEND: _quality_assurer_decider,
    # a person's own password, second factors and sign-in methods
    Action.ACCOUNT_MANAGE_OWN: _signed_in,
    # asking for a password reset link, and using it, needs no sign-in
    Action.ACCOUNT_RECOVER: _anyone,
    # an organisation's administrators set up sign-in through its identity provider
    Action.ORGANISATION_MANAGE_SIGN_IN: _organisation_admin,
    # the endpoints where the organisation's systems receive webhooks, and their deliveries
    Action.ORGANISATION_MANAGE_WEBHOOKS: _webhook_manager,
    # the NZBN that credentials name their issuer by: the operator's command
    # (`tohu organisations nzbn`), never a page or a key
    Action.ORGANISATION_SET_NZBN: _operator_only,
    # rotating a signing key, or retiring one as compromised: the operator's command
    # (`tohu keys`), never a page or a key
    Action.ISSUER_KEY_MANAGE: _operator_only,
    # translators review and correct the interface's te reo Māori (and export it as a command)
    Action.TRANSLATION_REVIEW: _translator,
}

# What anyone may do without signing in.
PUBLIC_ACTIONS = frozenset(
    {
        Action.REGISTER_VIEW,
        Action.CREDENTIAL_VERIFY,
        Action.CREDENTIAL_EXCHANGE,
        Action.ACCOUNT_RECOVER,
    }
)

# The scope an API key needs for each action it may take at all; an action not here is never a
# key's (managing keys, deciding, the quality assurer's work). The rule must allow it too.
KEY_SCOPES: dict[Action, Scope] = {
    Action.REGISTER_VIEW: Scope.REGISTER_READ,
    Action.ACHIEVEMENT_REPORT: Scope.COMPLETIONS_WRITE,
    Action.ACHIEVEMENT_VIEW_REPORTED: Scope.COMPLETIONS_READ,
    Action.APPLICATION_CREATE: Scope.APPLICATIONS_WRITE,
    Action.APPLICATION_EDIT: Scope.APPLICATIONS_WRITE,
    Action.APPLICATION_VIEW: Scope.APPLICATIONS_READ,
    Action.REVIEWS_VIEW_OWN: Scope.REVIEWS_READ,
    Action.REVIEW_VIEW: Scope.REVIEWS_READ,
    Action.REVIEW_FILE: Scope.REVIEWS_WRITE,
    Action.ORGANISATION_MANAGE_WEBHOOKS: Scope.WEBHOOKS_MANAGE,
}


def second_factor_required(user: User | None) -> bool:
    """Say whether the person must sign in with a second factor: the quality assurer's staff and
    every organisation's administrators (learners and other staff may choose to)."""
    if user is None or _person_id(user) is None:
        return False
    return any(m.organisation.is_quality_assurer or m.role == "admin" for m in memberships(user))


def can(user: User | None, action: Action, obj: Any = None) -> bool:
    """Say whether the principal may take the action (on the object, where it matters)."""
    rule = RULES.get(action)
    if rule is None or user is None:
        return False
    if isinstance(user, SystemActor):
        # the system's own jobs and commands: code on the server, never a request
        return True
    if user.is_authenticated and not getattr(user, "is_active", True):
        return False
    if action in PUBLIC_ACTIONS:
        return rule(user, obj)
    if not user.is_authenticated:
        return False
    if isinstance(user, KeyPrincipal):
        scope = KEY_SCOPES.get(action)
        if scope is None or not user.allows(scope):
            return False
    return rule(user, obj)


def require(user: User | None, action: Action, obj: Any = None) -> None:
    """Raise NotAllowed unless the principal may take the action."""
    if not can(user, action, obj):
        raise NotAllowed(
            gettext("You are not allowed to %(replace)s.")
            % {"replace": action.value.replace(".", ": ")}
        )
