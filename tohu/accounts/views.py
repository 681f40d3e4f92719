"""Password pages: Django's own views, with Tohu's forms, templates, limits and audit."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views import i18n as i18n_views
from django.views.decorators.debug import sensitive_post_parameters

from tohu.accounts import forms, services
from tohu.core.errors import TooManyRequests
from tohu.core.permissions import Action, can
from tohu.core.site import site_url
from tohu.core.views import client_address


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
