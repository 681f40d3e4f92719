"""Template context every page needs: the navigation and the languages of the interface."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from tohu.core.languages import current_tag, languages
from tohu.core.permissions import Action, can, memberships
from tohu.organisations.selectors import organisations_of


@dataclass(frozen=True)
class NavItem:
    """One link in the main navigation; `current` marks the page the person is on."""

    label: str
    url: str
    current: bool = False


def _item(request: HttpRequest, label: str, url: str, *also: str) -> NavItem:
    path = request.path
    return NavItem(label, url, path == url or any(path.startswith(prefix) for prefix in also))


def _organisation_items(request: HttpRequest) -> list[NavItem]:
    organisations = organisations_of(request.user)
    items: list[NavItem] = []
    for organisation in organisations:
        # with one organisation the short label is enough; with several, name each
        suffix = f": {organisation.name}" if len(organisations) > 1 else ""
        items.append(
            _item(
                request,
                _("Organisation") + suffix,
                reverse("organisations:detail", args=[organisation.slug]),
            )
        )
        if can(request.user, Action.ORGANISATION_MANAGE_KEYS, organisation):
            keys_url = reverse("organisations:api-keys", args=[organisation.slug])
            items.append(_item(request, _("API keys") + suffix, keys_url, keys_url))
    return items


def _work_items(request: HttpRequest) -> list[NavItem]:
    """Links to the work this person does: applications, reviews, results, their record."""
    user = request.user
    items: list[NavItem] = []
    if can(user, Action.APPLICATION_EVALUATE):
        items.append(
            _item(request, _("Applications"), reverse("applications:queue"), "/applications/")
        )
    elif can(user, Action.APPLICATION_CREATE):
        items.append(
            _item(request, _("Applications"), reverse("applications:list"), "/applications/")
        )
    if can(user, Action.REVIEWS_VIEW_ALL) or can(user, Action.REVIEWS_VIEW_OWN):
        items.append(_item(request, _("Reviews"), reverse("reviews:list"), "/reviews/"))
    if can(user, Action.ACHIEVEMENT_SEARCH):
        items.append(
            _item(request, _("Achievement"), reverse("achievements:qa-search"), "/achievements/")
        )
    elif can(user, Action.DASHBOARD_PROVIDER):
        items.append(
            _item(request, _("Results"), reverse("achievements:provider-home"), "/achievements/")
        )
    # staff seldom hold a record themselves: their dashboard links it, sparing every page a query
    if not memberships(user) and can(user, Action.DASHBOARD_LEARNER):
        items.append(
            _item(request, _("My record"), reverse("achievements:record"), "/achievements/")
        )
    return items


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    """Return the navigation links this person may follow."""
    user = getattr(request, "user", None)
    items = [_item(request, _("Register"), reverse("register:search"), "/micro-credentials/")]
    if user is not None and user.is_authenticated:
        items.append(_item(request, _("Dashboard"), reverse("dashboard")))
        items.extend(_work_items(request))
        items.extend(_organisation_items(request))
        if can(user, Action.AUDIT_VIEW):
            items.append(_item(request, _("Audit log"), reverse("audit-log")))
        if can(user, Action.OPERATIONS_VIEW):
            items.append(_item(request, _("Operations"), reverse("operations")))
        if can(user, Action.TRANSLATION_REVIEW):
            review_url = reverse("translation-review")
            items.append(_item(request, _("Translations"), review_url, review_url))
    items.append(_item(request, _("API docs"), "/api/v1/docs"))
    return {"nav_items": items}


def language(request: HttpRequest) -> dict[str, object]:
    """The page's `<html lang>` and the languages the switch offers."""
    return {"html_lang": current_tag(), "interface_languages": languages()}
