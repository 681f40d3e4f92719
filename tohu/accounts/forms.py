"""Password forms: Django's own, saving through the accounts service so each change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import AbstractBaseUser

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
