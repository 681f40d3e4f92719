"""Forms for the pages every person sees."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with labels and browser hints for password managers.

    It passes the request to `authenticate`, which django-axes needs to throttle attempts.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "The username or password is not right. Check them and try again; "
            "both are case-sensitive."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        username = self.fields["username"].widget.attrs
        # no autofocus: it would jump past the skip link and the page's heading
        username.pop("autofocus", None)
        username.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    @property
    def attempted(self) -> bool:
        """Say whether a username and password were both given, so a check really ran."""
        return bool(self.cleaned_data.get("username") and self.cleaned_data.get("password"))
