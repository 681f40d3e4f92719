"""Password pages (Django's own views, with Tohu's forms, templates, limits and audit), and an
organisation's sign-in pages: its identity providers (OpenID Connect), under
/organisations/<slug>/sign-in/. Add one, change it (the client secret is write-only), check its
discovery document, disable or remove it. Someone who may not see the organisation gets 404; a
member who may not manage its sign-in (`Action.ORGANISATION_MANAGE_SIGN_IN`) gets 403."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlsplit

from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views import i18n as i18n_views
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from tohu.accounts import discovery, forms, selectors, services
from tohu.accounts.forms import IdentityProviderForm
from tohu.accounts.models import IdentityProvider
from tohu.core.errors import DomainError, TooManyRequests
from tohu.core.permissions import Action, can
from tohu.core.site import site_url
from tohu.core.views import client_address
from tohu.core.web import require, show_error, signed_in
from tohu.organisations.models import Organisation
from tohu.organisations.views import organisation_for


class _Allowed:
    """Refuse the page unless `can()` allows its action."""

    action: Action

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, self.action):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


class PasswordResetView(_Allowed, auth_views.PasswordResetView):
    """Ask for a reset link; the answer is the same whether or not the address is known."""

    action = Action.ACCOUNT_RECOVER
    form_class = forms.PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("password-reset-sent")
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["timeout_minutes"] = settings.PASSWORD_RESET_TIMEOUT // 60
        return context

    def form_valid(self, form: forms.PasswordResetForm) -> HttpResponse:
        site = urlsplit(site_url())
        send_links = partial(
            form.save,
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            token_generator=self.token_generator,
            extra_email_context={
                "site_url": site_url(),
                "timeout_minutes": str(settings.PASSWORD_RESET_TIMEOUT // 60),
            },
        )
        try:
            email = form.cleaned_data["email"]
            services.password_reset_request(
                actor=self.request.user,
                email=email,
                ip_address=client_address(self.request),
                known=any(True for _ in form.get_users(email)),
                send_links=send_links,
            )
        except TooManyRequests as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=error.status)
        return super(auth_views.PasswordResetView, self).form_valid(form)


class PasswordResetSentView(_Allowed, auth_views.PasswordResetDoneView):
    action = Action.ACCOUNT_RECOVER
    template_name = "accounts/password_reset_done.html"


@method_decorator(sensitive_post_parameters("new_password1", "new_password2"), name="dispatch")
class PasswordResetConfirmView(_Allowed, auth_views.PasswordResetConfirmView):
    """Choose a new password from the link; it never signs the person in (second factors)."""

    action = Action.ACCOUNT_RECOVER
    form_class = forms.SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "ip_address": client_address(self.request)}


class PasswordResetCompleteView(_Allowed, auth_views.PasswordResetCompleteView):
    action = Action.ACCOUNT_RECOVER
    template_name = "accounts/password_reset_complete.html"


@method_decorator(
    sensitive_post_parameters("old_password", "new_password1", "new_password2"), name="dispatch"
)
class PasswordChangeView(_Allowed, auth_views.PasswordChangeView):
    """Change one's own password; other signed-in sessions of the account end."""

    action = Action.ACCOUNT_MANAGE_OWN
    form_class = forms.PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password-changed")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "ip_address": client_address(self.request)}


class PasswordChangedView(_Allowed, auth_views.PasswordChangeDoneView):
    action = Action.ACCOUNT_MANAGE_OWN
    template_name = "accounts/password_change_done.html"


def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: Django's `set_language` (a cookie, then back to `next`), and for a
    signed-in person the choice is remembered with their account (`language_choose`)."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if (
        language in services.interface_languages()
        and request.user.is_authenticated
        and can(request.user, Action.ACCOUNT_MANAGE_OWN, request.user)
    ):
        services.language_choose(user=request.user, language=language)
        request.session[services.LANGUAGE_SESSION_KEY] = language
    return response


# ---- an organisation's identity providers ---------------------------------------------------

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
