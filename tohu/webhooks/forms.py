"""Forms for an organisation's webhooks page."""

from __future__ import annotations

from typing import Any

from django import forms

from tohu.webhooks.models import EventType


class EndpointForm(forms.Form):
    """The address that receives webhooks, and the events it wants."""

    url = forms.CharField(
        label="Address (https)",
        max_length=500,
        help_text="Where Tohu posts each event, for example https://sms.example.ac.nz/tohu-hooks.",
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=200,
        required=False,
        help_text="What receives them, for example “student management system”.",
    )
    event_types = forms.MultipleChoiceField(
        label="Events",
        choices=[(value, f"{value}: {label}") for value, label in EventType.choices],
        widget=forms.CheckboxSelectMultiple,
        help_text="Tohu sends only the events chosen.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
