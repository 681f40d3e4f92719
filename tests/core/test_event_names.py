"""Audit events follow one naming convention (`tohu.core.event_names`), each app declares them
once in its `events.py`, no service passes a name as a string, and rows written under a name
since changed still verify and read under the new one."""

from __future__ import annotations

import ast
import importlib
from enum import StrEnum
from pathlib import Path

import pytest

from tests.factories import OrganisationFactory
from tohu.core import audit, event_names
from tohu.core.models import AuditEvent
from tohu.reviews.events import Event as ReviewEvent

TOHU = Path(__file__).resolve().parents[2] / "tohu"
EVENT_MODULES = sorted(TOHU.glob("*/events.py"))
WRITERS = {"record", "record_many", "Entry"}


def _enums() -> list[type[StrEnum]]:
    enums = []
    for path in EVENT_MODULES:
        module = importlib.import_module(f"tohu.{path.parent.name}.events")
        enums.append(module.Event)
    return enums


def _every_event() -> list[StrEnum]:
    return [member for enum in _enums() for member in enum]


def test_every_app_with_events_declares_them_in_its_events_module() -> None:
    assert {path.parent.name for path in EVENT_MODULES} >= {
        "accounts",
        "achievements",
        "applications",
        "credentials",
        "demo",
        "learners",
        "organisations",
        "register",
        "reviews",
    }


@pytest.mark.parametrize("event", _every_event(), ids=str)
def test_each_event_is_named_object_dot_verb_past(event: StrEnum) -> None:
    assert event_names.follows_convention(str(event)), (
        f"{type(event).__module__}.{event.name} = {str(event)!r} is not <object>.<verb_past>"
    )


@pytest.mark.parametrize(
    ("name", "follows"),
    [
        ("micro_credential.listed", True),
        ("review.period_set", True),
        ("results.files_removed", True),
        ("training_scheme.converting", False),
        ("MicroCredential.Listed", False),
        ("listed", False),
        ("api_key.create", False),
        ("user.signed_in", True),
        ("review.marked_overdue", True),
        ("register.micro_credential.listed", False),
    ],
)
def test_the_convention_check_tells_names_apart(name: str, follows: bool) -> None:
    assert event_names.follows_convention(name) is follows


def test_no_two_events_share_a_name() -> None:
    names = [str(event) for event in _every_event()]

    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_an_old_name_maps_to_an_event_of_today_and_is_no_longer_declared() -> None:
    current = {str(event) for event in _every_event()}

    for old, new in event_names.RENAMED.items():
        assert new in current
        assert old not in current


def _stray_event_enums(tree: ast.AST) -> list[str]:
    return [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and "Event" in node.name
        and any(getattr(base, "id", "") == "StrEnum" for base in node.bases)
    ]


def _string_events(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name not in WRITERS:
            continue
        given = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "event")]
        if any(isinstance(arg, ast.Constant | ast.JoinedStr) for arg in given):
            lines.append(node.lineno)
    return lines


def test_no_event_enum_lives_outside_an_events_module_and_no_event_is_a_string() -> None:
    found = []
    for path in sorted(TOHU.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(TOHU.parent)
        if path.name != "events.py":
            found += [f"{where}: enum {name}" for name in _stray_event_enums(tree)]
        found += [f"{where}:{line}: event given as a string" for line in _string_events(tree)]

    assert found == []


def test_the_checks_find_a_stray_enum_and_a_string_event() -> None:
    tree = ast.parse(
        "class ScheduleEvent(StrEnum):\n    SET = 'x.set'\n"
        "audit.record('micro_credential.listed', actor=None, subject=s)\n"
        "audit.Entry(event=f'{kind}.made', subject=s)\n"
    )

    assert _stray_event_enums(tree) == ["ScheduleEvent"]
    assert _string_events(tree) == [3, 4]


class _Before(StrEnum):
    """The event as it was named when older rows were written."""

    CONVERTING = "training_scheme.converting"


@pytest.mark.django_db
def test_a_row_written_under_an_old_name_still_verifies_and_reads_under_the_new_one() -> None:
    organisation = OrganisationFactory.create()
    audit.record(_Before.CONVERTING, actor=None, subject=organisation)
    audit.record(ReviewEvent.SCHEME_CONVERSION_STARTED, actor=None, subject=organisation)

    assert audit.verify_chain() == (2, None)
    rows = list(AuditEvent.objects.order_by("sequence"))
    assert [row.event for row in rows] == [
        "training_scheme.converting",
        "training_scheme.conversion_started",
    ]
    assert {row.current_event for row in rows} == {"training_scheme.conversion_started"}
    stored = event_names.stored_names(ReviewEvent.SCHEME_CONVERSION_STARTED)
    assert AuditEvent.objects.filter(event__in=stored).count() == 2
