"""Forms for the pages every person sees."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm


class SignInForm(LoginForm):  # type: ignore[misc]
    """django-allauth's sign-in form, with labels and browser hints for password managers.

    It passes the request to `authenticate`, which django-axes needs to throttle attempts.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        login = self.fields["login"]
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        password = self.fields["password"]
        password.widget.attrs.pop("placeholder", None)
        # the page links to the password reset itself, below the form
        password.help_text = ""
