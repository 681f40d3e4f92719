"""No Python module passes a person a string that is not marked for translation
(tests/i18n/python_strings.py says which strings reach a person)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.i18n.python_strings import unmarked_in_source, unmarked_strings
from tohu.organisations.models import Organisation, OrganisationKind
from tohu.register.exports import ctdl_organisation


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

class Status(models.TextChoices):
    OPEN = "open", "Open"
    SHUT = "shut", gettext_lazy("Shut")
    UNSAID = "unsaid"

class Thing(models.Model):
    kind = models.CharField(choices=[("a", "Kind A"), ("b", gettext_lazy("Kind B"))])
    size = models.IntegerField(verbose_name="size in credits")

    class Meta:
        verbose_name = gettext_lazy("thing")
        verbose_name_plural = "things"

def panels():
    return [Panel(role="Developer", template="x.html"), Panel(gettext("Provider"), "y.html")]

STATUS_CHOICES = [("late", "Overdue"), *Status.choices]
"""
    assert sorted(unmarked_in_source(source)) == sorted(
        [
            "CharField(label=): Name",
            "messages.success: Saved.",
            "add_error: f'{count} is too many'",
            "Refused: No.",
            "Finding: Too long",
            "problem_response: Gone",
            "Status.OPEN (choice label): Open",
            "CharField(choices=): Kind A",
            "IntegerField(verbose_name=): size in credits",
            "Meta.verbose_name_plural: things",
            "Panel(label): Developer",
            "STATUS_CHOICES (choice label): Overdue",
        ]
    )


@pytest.mark.django_db
def test_a_choice_label_is_translated_on_pages_but_english_in_the_english_export(
    provider_org: Organisation,
) -> None:
    with translation.override("mi"):
        # a label from the glossary reads in te reo Māori on a page in te reo Māori
        assert str(OrganisationKind.PROVIDER.label) == "Kaituku ratonga"
        description = ctdl_organisation(provider_org)["ceterms:description"]
    # the export's English description names the type in English whatever the language
    assert description == {
        "en-NZ": (
            "Southern Skills Academy: Private training establishment (PTE), on the NZQCF register."
        )
    }
