"""Password forms (Django's own, saving through the accounts service so each change is audited),
and the form for an organisation's identity provider."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy

from tohu.accounts import services


def _hint_new_password(form: auth_forms.SetPasswordForm) -> None:  # type: ignore[type-arg]
    form.label_suffix = ""
    for name in ("new_password1", "new_password2"):
        form.fields[name].widget.attrs["autocomplete"] = "new-password"


class SetPasswordForm(auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    """Choose a new password from a reset link; the policy is AUTH_PASSWORD_VALIDATORS."""

    def __init__(self, user: AbstractBaseUser, *args: Any, ip_address: str = "", **kwargs: Any):
        super().__init__(user, *args, **kwargs)
        self.ip_address = ip_address
        _hint_new_password(self)

    def save(self, commit: bool = True) -> AbstractBaseUser:
        return services.password_set(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            reset=True,
            ip_address=self.ip_address,
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Change one's own password, giving the current one first."""

    def __init__(self, user: AbstractBaseUser, *args: Any, ip_address: str = "", **kwargs: Any):
        super().__init__(user, *args, **kwargs)
        self.ip_address = ip_address
        _hint_new_password(self)
        self.fields["old_password"].widget.attrs["autocomplete"] = "current-password"

    def save(self, commit: bool = True) -> AbstractBaseUser:
        return services.password_set(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            reset=False,
            ip_address=self.ip_address,
        )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Ask for a reset link by email address."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class IdentityProviderForm(forms.Form):
    """An organisation's identity provider (OpenID Connect). The client secret is write-only:
    never shown back; when changing a provider, a blank secret keeps the one Tohu has. The
    service (`identity_provider_configure`) checks the values."""

    name = forms.CharField(
        label=gettext_lazy("Name on the sign-in button"),
        max_length=120,
        help_text=gettext_lazy("People see “Sign in with” and this, for example “Southern staff”."),
    )
    slug = forms.CharField(
        label=gettext_lazy("Short name"),
        max_length=60,
        help_text=gettext_lazy(
            "Lower-case letters, digits and hyphens, for example southern-staff. It is part of "
            "the redirect address you register with the provider, and cannot be changed later."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issuer = forms.CharField(
        label=gettext_lazy("Issuer address"),
        max_length=200,
        help_text=gettext_lazy(
            "The provider's issuer, an https address, as its discovery document "
            "(/.well-known/openid-configuration) writes it. For example "
            "https://login.microsoftonline.com/your-tenant-id/v2.0."
        ),
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    client_id = forms.CharField(
        label=gettext_lazy("Client id"),
        max_length=200,
        help_text=gettext_lazy("The id the provider gave Tohu when you registered it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    client_secret = forms.CharField(
        label=gettext_lazy("Client secret"),
        max_length=1000,
        strip=False,
        help_text=gettext_lazy(
            "Kept encrypted, used only to sign people in, and never shown again."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
    )
    email_domains = forms.CharField(
        label=gettext_lazy("Email domains (optional)"),
        max_length=2000,
        required=False,
        help_text=gettext_lazy(
            "One a line or separated by commas, for example southern.ac.nz. Only people whose "
            "verified email address is at one of them sign in. Empty: any address of your "
            "organisation's people."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    enabled = forms.BooleanField(
        label=gettext_lazy("People may sign in through this provider"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, changing: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if changing:
            # the short name is in the registered redirect address: it stays
            del self.fields["slug"]
            secret = self.fields["client_secret"]
            secret.required = False
            secret.label = gettext_lazy("New client secret")
            secret.help_text = gettext_lazy(
                "Leave blank to keep the secret Tohu has (it is never shown)."
            )

    def clean_email_domains(self) -> list[str]:
        text: str = self.cleaned_data["email_domains"]
        return [part for part in re.split(r"[\s,;]+", text) if part]
