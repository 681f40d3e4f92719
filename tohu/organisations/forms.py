"""Forms for an organisation's pages."""

from __future__ import annotations

from typing import Any

from django import forms


class ApiKeyCreateForm(forms.Form):
    """Name a new API key after the system that will use it."""

    name = forms.CharField(
        label="What will use this key?",
        max_length=100,  # ApiKey.name
        help_text="For example “student management system” or “results upload script”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
