"""docs/architecture.md draws the data as it is: every model its diagram names exists."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

ARCHITECTURE = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"

# A model name in the diagram: a capitalised word with a lower-case letter in it (NZSCED, the
# rule ids and the cardinalities are not names); notes in parentheses are left out first.
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*\b")
_NOTE = re.compile(r"\([^()]*\)")


def diagram(markdown: str) -> str:
    """The fenced block under the "## Data" heading."""
    section = markdown.split("\n## Data\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"^```\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert match, "the Data section has no diagram"
    return match.group(1)


def names_in(block: str) -> set[str]:
    without_notes = _NOTE.sub(" ", block)
    return set(_NAME.findall(without_notes))


def model_names() -> set[str]:
    return {model.__name__ for model in apps.get_models()}


def test_the_diagram_parser_reads_names_and_skips_notes() -> None:
    block = "Organisation(developer) 1─* MicroCredential (NZSCED, Not A Model) ─ user ─> User\n"
    assert names_in(block) == {"Organisation", "MicroCredential", "User"}


def test_a_name_the_code_does_not_have_is_found() -> None:
    assert "Judgement" not in model_names()
    assert names_in("Application 1─* Judgement\n") - model_names() == {"Judgement"}


def test_every_model_the_data_diagram_names_exists() -> None:
    named = names_in(diagram(ARCHITECTURE.read_text(encoding="utf-8")))
    assert len(named) >= 20, named
    assert named - model_names() == set()


def test_every_model_of_tohu_is_in_the_data_diagram() -> None:
    named = diagram(ARCHITECTURE.read_text(encoding="utf-8"))
    ours = {m.__name__ for m in apps.get_models() if m.__module__.startswith("tohu.")}
    missing = {name for name in ours if not re.search(rf"\b{name}\b", named)}
    assert missing == set(), f"add these models to the diagram in docs/architecture.md: {missing}"
