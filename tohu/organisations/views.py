"""An organisation's pages: who acts for it, and the API keys its systems use.

Someone who may not see an organisation gets 404, as if it did not exist; a member who may see
it but not manage its keys gets 403 on the key pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from tohu.accounts.selectors import identity_providers_for
from tohu.core.errors import DomainError
from tohu.core.permissions import Action, can
from tohu.core.web import require, show_error, signed_in
from tohu.organisations import services
from tohu.organisations.forms import ApiKeyCreateForm
from tohu.organisations.models import ApiKey, Membership, Organisation
from tohu.organisations.selectors import api_keys_for, organisations_of
from tohu.webhooks.selectors import endpoints_for

ORGANISATIONS_PAGE_SIZE = 50


def organisations_visible_to(user: AbstractBaseUser) -> QuerySet[Organisation] | list[Organisation]:
    """Return every organisation for the quality assurer, else the user's own."""
    if can(user, Action.DASHBOARD_QUALITY_ASSURER):
        return Organisation.objects.order_by("name")
    return organisations_of(user)


def organisation_for(user: AbstractBaseUser, slug: str) -> Organisation:
    """Return the organisation when the user may see it; otherwise it does not exist (404)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not can(user, Action.ORGANISATION_VIEW, organisation):
        raise Http404("No such organisation.")
    return organisation


def members_of(user: AbstractBaseUser, organisation: Organisation) -> QuerySet[Membership]:
    """Return the organisation's memberships with their people, when the user may see them."""
    if not can(user, Action.ORGANISATION_VIEW, organisation):
        return Membership.objects.none()
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )


def _organisation_with_keys(user: AbstractBaseUser, slug: str) -> Organisation:
    organisation = organisation_for(user, slug)
    require(
        user,
        Action.ORGANISATION_MANAGE_KEYS,
        organisation,
        message="Only the organisation's administrators manage its API keys.",
    )
    return organisation


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """List the organisations the person may see."""
    organisations = organisations_visible_to(signed_in(request))
    page = Paginator(organisations, ORGANISATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organisations/list.html", {"page": page})


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show an organisation, its members, and a way to its API keys for administrators."""
    user = signed_in(request)
    organisation = organisation_for(user, slug)
    context = {
        "organisation": organisation,
        "members": members_of(user, organisation),
        "manages_keys": can(user, Action.ORGANISATION_MANAGE_KEYS, organisation),
        "active_keys": api_keys_for(user, organisation).filter(revoked_at__isnull=True),
        "manages_webhooks": can(user, Action.ORGANISATION_MANAGE_WEBHOOKS, organisation),
        "webhook_endpoints": endpoints_for(user, organisation),
        "manages_sign_in": can(user, Action.ORGANISATION_MANAGE_SIGN_IN, organisation),
        "identity_providers": identity_providers_for(user, organisation),
    }
    return render(request, "organisations/detail.html", context)


def _keys_page(
    request: HttpRequest, organisation: Organisation, form: ApiKeyCreateForm, status: int = 200
) -> HttpResponse:
    keys = api_keys_for(signed_in(request), organisation).select_related("created_by")
    context = {"organisation": organisation, "form": form, "api_keys": keys}
    return render(request, "organisations/api_keys.html", context, status=status)


def _create_key(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = ApiKeyCreateForm(request.POST)
    if not form.is_valid():
        return _keys_page(request, organisation, form, status=400)
    try:
        issued = services.api_key_create(
            actor=signed_in(request),
            organisation=organisation,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_on=form.cleaned_data["expires_on"],
        )
    except DomainError as error:
        show_error(request, error, form)
        return _keys_page(request, organisation, form, status=400)
    context: dict[str, Any] = {"organisation": organisation, "issued": issued}
    response = render(request, "organisations/api_key_created.html", context, status=201)
    # the plaintext is on this one response only: no browser or proxy may keep a copy
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def api_keys(request: HttpRequest, slug: str) -> HttpResponse:
    """List the organisation's API keys and create new ones (administrators only)."""
    organisation = _organisation_with_keys(signed_in(request), slug)
    if request.method == "POST":
        return _create_key(request, organisation)
    return _keys_page(request, organisation, ApiKeyCreateForm())


@login_required
@require_http_methods(["GET", "POST"])
def api_key_revoke(request: HttpRequest, slug: str, key_id: int) -> HttpResponse:
    """Ask to confirm, then revoke an API key at once."""
    user = signed_in(request)
    organisation = _organisation_with_keys(user, slug)
    api_key: ApiKey | None = api_keys_for(user, organisation).filter(pk=key_id).first()
    if api_key is None:
        raise Http404("No such API key.")
    if request.method == "GET":
        context = {"organisation": organisation, "api_key": api_key}
        return render(request, "organisations/api_key_revoke.html", context)
    try:
        services.api_key_revoke(actor=user, api_key=api_key)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            gettext("The key “%(name)s” is revoked; requests with it fail.")
            % {"name": api_key.name},
        )
    return redirect("organisations:api-keys", slug=organisation.slug)
