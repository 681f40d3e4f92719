"""An organisation's sign-in pages: its identity providers (OpenID Connect), under
/organisations/<slug>/sign-in/. Add one, change it (the client secret is write-only), check its
discovery document, disable or remove it. Someone who may not see the organisation gets 404; a
member who may not manage its sign-in (`Action.ORGANISATION_MANAGE_SIGN_IN`) gets 403."""

from __future__ import annotations

from typing import Any

from allauth.utils import build_absolute_uri
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from tohu.accounts import discovery, selectors, services
from tohu.accounts.forms import IdentityProviderForm
from tohu.accounts.models import IdentityProvider
from tohu.core.errors import DomainError
from tohu.core.permissions import Action
from tohu.core.web import require, show_error, signed_in
from tohu.organisations.models import Organisation
from tohu.organisations.views import organisation_for

CHECK = "check"


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    user = signed_in(request)
    organisation = organisation_for(user, slug)
    require(
        user,
        Action.ORGANISATION_MANAGE_SIGN_IN,
        organisation,
        message=gettext("Only the organisation's administrators set up how its people sign in."),
    )
    return organisation


def _provider(request: HttpRequest, slug: str, idp: str) -> IdentityProvider:
    organisation = _organisation(request, slug)
    found = selectors.identity_providers_for(signed_in(request), organisation).filter(slug=idp)
    provider = found.first()
    if provider is None:
        raise Http404(gettext("No such identity provider."))
    return provider


def callback_address(request: HttpRequest, slug: str) -> str:
    """The redirect address to register with the provider: the one the sign-in sends (built
    as django-allauth builds it)."""
    path = reverse("openid_connect_callback", kwargs={"provider_id": slug})
    return str(build_absolute_uri(request, path))


def _check(request: HttpRequest) -> discovery.Discovery:
    """Check the discovery document of the issuer typed in the form (nothing is saved)."""
    try:
        issuer = services.checked_issuer(request.POST.get("issuer", ""))
    except DomainError as error:
        return discovery.Discovery(url="", ok=False, problem=error.message)
    return discovery.discover(issuer)


def _typed(request: HttpRequest) -> dict[str, Any]:
    """What was typed, to show again after a check: never the secret."""
    typed: dict[str, Any] = {
        name: request.POST.get(name, "")[:2000]
        for name in ("name", "slug", "issuer", "client_id", "email_domains")
    }
    typed["enabled"] = bool(request.POST.get("enabled"))
    return typed


def _list_page(
    request: HttpRequest,
    organisation: Organisation,
    form: IdentityProviderForm,
    *,
    status: int = 200,
    checked: discovery.Discovery | None = None,
) -> HttpResponse:
    context = {
        "organisation": organisation,
        "providers": selectors.identity_providers_for(signed_in(request), organisation),
        "form": form,
        "checked": checked,
        "secret_dropped": checked is not None and bool(request.POST.get("client_secret")),
        "callback_example": callback_address(request, "short-name"),
    }
    return render(request, "accounts/identity_providers.html", context, status=status)


@login_required
@sensitive_post_parameters("client_secret")
@require_http_methods(["GET", "POST"])
def identity_providers(request: HttpRequest, slug: str) -> HttpResponse:
    """List the organisation's identity providers and add one (administrators only)."""
    organisation = _organisation(request, slug)
    if request.method == "GET":
        return _list_page(request, organisation, IdentityProviderForm())
    if request.POST.get("action") == CHECK:
        form = IdentityProviderForm(initial=_typed(request))
        return _list_page(request, organisation, form, checked=_check(request))
    form = IdentityProviderForm(request.POST)
    if not form.is_valid():
        return _list_page(request, organisation, form, status=400)
    data = form.cleaned_data
    try:
        provider = services.identity_provider_configure(
            actor=signed_in(request),
            organisation=organisation,
            slug=data["slug"],
            name=data["name"],
            issuer=data["issuer"],
            client_id=data["client_id"],
            client_secret=data["client_secret"],
            email_domains=data["email_domains"],
            enabled=data["enabled"],
            creating=True,
        )
    except DomainError as error:
        show_error(request, error, form)
        return _list_page(request, organisation, form, status=400)
    messages.success(
        request,
        gettext("%(name)s is set up. Register the redirect address below with the provider.")
        % {"name": provider.name},
    )
    return redirect("identity-providers:edit", slug=organisation.slug, idp=provider.slug)


def _provider_page(
    request: HttpRequest,
    provider: IdentityProvider,
    form: IdentityProviderForm,
    *,
    status: int = 200,
    checked: discovery.Discovery | None = None,
) -> HttpResponse:
    context = {
        "organisation": provider.organisation,
        "provider": provider,
        "form": form,
        "checked": checked,
        "secret_dropped": checked is not None and bool(request.POST.get("client_secret")),
        "callback": callback_address(request, provider.slug),
    }
    return render(request, "accounts/identity_provider.html", context, status=status)


def _current(provider: IdentityProvider) -> dict[str, Any]:
    return {
        "name": provider.name,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "email_domains": "\n".join(provider.email_domains),
        "enabled": provider.enabled,
    }


@login_required
@sensitive_post_parameters("client_secret")
@require_http_methods(["GET", "POST"])
def identity_provider(request: HttpRequest, slug: str, idp: str) -> HttpResponse:
    """One identity provider: its redirect address, and its settings to change."""
    provider = _provider(request, slug, idp)
    if request.method == "GET":
        form = IdentityProviderForm(initial=_current(provider), changing=True)
        return _provider_page(request, provider, form)
    if request.POST.get("action") == CHECK:
        form = IdentityProviderForm(initial=_typed(request), changing=True)
        return _provider_page(request, provider, form, checked=_check(request))
    form = IdentityProviderForm(request.POST, changing=True)
    if not form.is_valid():
        return _provider_page(request, provider, form, status=400)
    data = form.cleaned_data
    try:
        services.identity_provider_configure(
            actor=signed_in(request),
            organisation=provider.organisation,
            slug=provider.slug,
            name=data["name"],
            issuer=data["issuer"],
            client_id=data["client_id"],
            client_secret=data["client_secret"] or None,
            email_domains=data["email_domains"],
            enabled=data["enabled"],
            creating=False,
        )
    except DomainError as error:
        show_error(request, error, form)
        return _provider_page(request, provider, form, status=400)
    messages.success(request, gettext("The changes are saved."))
    return redirect("identity-providers:edit", slug=provider.organisation.slug, idp=provider.slug)


@login_required
@require_http_methods(["GET", "POST"])
def identity_provider_remove(request: HttpRequest, slug: str, idp: str) -> HttpResponse:
    """Ask, then remove the provider and every person's link to it."""
    provider = _provider(request, slug, idp)
    if request.method == "GET":
        context = {"organisation": provider.organisation, "provider": provider}
        return render(request, "accounts/identity_provider_remove.html", context)
    services.identity_provider_remove(actor=signed_in(request), provider=provider)
    messages.success(
        request,
        gettext("%(name)s is removed: nobody signs in through it now.") % {"name": provider.name},
    )
    return redirect("identity-providers:list", slug=provider.organisation.slug)
