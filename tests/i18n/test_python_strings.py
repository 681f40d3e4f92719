"""No Python module passes a person a string that is not marked for translation
(tests/i18n/python_strings.py says which strings reach a person)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from tests.i18n.python_strings import unmarked_in_source, unmarked_strings


def test_every_user_visible_string_in_tohu_is_marked() -> None:
    found = unmarked_strings(Path(settings.BASE_DIR) / "tohu")
    assert not found, "strings a person reads, not marked for translation:\n" + "\n".join(
        str(item) for item in found
    )


def test_the_lint_finds_each_kind_of_unmarked_string() -> None:
    source = """
from django import forms
from django.contrib import messages
from django.utils.translation import gettext, gettext_lazy

class Refused(DomainError):
    pass

class Form(forms.Form):
    name = forms.CharField(label="Name", help_text=gettext_lazy("Your name"))

def view(request, form, count):
    messages.success(request, "Saved.")
    messages.info(request, gettext("Saved."))
    messages.error(request, message)
    form.add_error("name", f"{count} is too many")
    raise Refused("No.", rule_id="X-1")

def rule():
    too_long = Finding("LOR-3-level", Severity.BLOCK, "title", "Too long")
    return [too_long, problem_response(detail="Gone")]
"""
    assert sorted(unmarked_in_source(source)) == sorted(
        [
            "CharField(label=): Name",
            "messages.success: Saved.",
            "add_error: f'{count} is too many'",
            "Refused: No.",
            "Finding: Too long",
            "problem_response: Gone",
        ]
    )
