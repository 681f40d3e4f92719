"""Forms for an organisation's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from tohu.core.principal import Scope


class ApiKeyCreateForm(forms.Form):
    """Name a new API key after the system that will use it."""

    name = forms.CharField(
        label=gettext_lazy("What will use this key?"),
        max_length=100,  # ApiKey.name
        help_text=gettext_lazy(
            "For example “student management system” or “results upload script”."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("What may it do?"),
        choices=[(scope.value, f"{scope.value}: {scope.label}") for scope in Scope],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Choose only what the system needs. A key never does more than these, "
            "nor more than your organisation may."
        ),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expiry date (optional)"),
        required=False,
        help_text=gettext_lazy(
            "The last day the key works, for example 2027-06-30. Empty: until revoked."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
