"""Every status field has one transition table (`tohu.core.states.StateMachine`, beside its
model), every write of a status is a move of that table made by the service it names, and every
other move is refused with a message that names both states."""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import FunctionType, ModuleType

import pytest
from django.apps import apps
from django.db import models

from tohu.achievements.models import (
    BATCH_STATES,
    COMPLETION_STATES,
    BatchStatus,
    Completion,
    ImportBatch,
)
from tohu.applications.models import APPLICATION_STATES, Application
from tohu.core.errors import InvalidTransition
from tohu.core.models import TRANSLATION_STATES, TranslationReview
from tohu.core.states import StateMachine
from tohu.credentials.models import (
    CREDENTIAL_STATES,
    EXCHANGE_STATES,
    KEY_STATES,
    Credential,
    IssuerKey,
    WalletExchange,
)
from tohu.register.models import (
    ACCREDITATION_STATES,
    LISTING_STATES,
    Accreditation,
    MicroCredential,
)
from tohu.reviews.models import (
    OPEN_STATUSES,
    REVIEW_STATES,
    SCHEME_STATES,
    Review,
    ReviewStatus,
    TrainingScheme,
)
from tohu.webhooks.models import DELIVERY_STATES, Delivery

ROOT = Path(__file__).resolve().parents[2] / "tohu"


@dataclass(frozen=True)
class Table:
    name: str
    machine: StateMachine
    model: type[models.Model]
    field: str = "status"
    # names whose use in a service shows it goes through the table (besides the table's own)
    through: tuple[str, ...] = ()


TABLES = [
    Table("APPLICATION_STATES", APPLICATION_STATES, Application),
    Table("REVIEW_STATES", REVIEW_STATES, Review),
    Table("SCHEME_STATES", SCHEME_STATES, TrainingScheme),
    Table("BATCH_STATES", BATCH_STATES, ImportBatch),
    Table("COMPLETION_STATES", COMPLETION_STATES, Completion),
    # the rulebook's check reads the same table and cites the rule that keeps each status
    Table("LISTING_STATES", LISTING_STATES, MicroCredential, through=("check_status_transition",)),
    Table("ACCREDITATION_STATES", ACCREDITATION_STATES, Accreditation),
    Table("KEY_STATES", KEY_STATES, IssuerKey),
    Table("CREDENTIAL_STATES", CREDENTIAL_STATES, Credential, field="state"),
    Table("EXCHANGE_STATES", EXCHANGE_STATES, WalletExchange, field="state"),
    Table("TRANSLATION_STATES", TRANSLATION_STATES, TranslationReview, field="state"),
    Table("DELIVERY_STATES", DELIVERY_STATES, Delivery, field="state"),
]
BY_ENUM: dict[type[Enum], Table] = {t.machine.states: t for t in TABLES}

# Writes of an attribute called status or state that are not a model's status (checked by hand)
NOT_A_MODEL_STATUS = {
    "tohu.credentials.services.exchanges.ExchangeRefused.__init__",  # an HTTP status
}


def _ids(table: Table) -> str:
    return table.name


@pytest.mark.parametrize("table", TABLES, ids=_ids)
def test_the_table_has_every_state_of_its_field(table: Table) -> None:
    field = table.model._meta.get_field(table.field)
    assert isinstance(field, models.CharField)
    values = {value for value, _ in field.choices or []}
    assert set(table.machine.table) == values == {str(m.value) for m in table.machine.states}
    assert table.machine.initial <= values
    if field.has_default():
        assert str(field.default) in table.machine.initial
    for move in table.machine.moves:
        assert move.target in values
        assert move.sources <= values


def test_every_status_field_of_every_model_has_its_table() -> None:
    tabled = {(t.model, t.field) for t in TABLES}
    found = {
        (model, field.name)
        for model in apps.get_models()
        if model.__module__.startswith("tohu.")
        for field in model._meta.get_fields()
        if field.name in ("status", "state") and getattr(field, "choices", None)
    }
    assert found == tabled


def test_tables_agree_with_what_the_models_derive_from_them() -> None:
    assert set(OPEN_STATUSES) == REVIEW_STATES.sources(ReviewStatus.SUBMITTED)
    final = {state for state, targets in BATCH_STATES.table.items() if not targets}
    assert final == BatchStatus.finished()
    assert BatchStatus.unfinished() == {str(s) for s in BatchStatus} - BatchStatus.finished()


def _function(path: str) -> tuple[ModuleType, FunctionType]:
    module_name, _, name = path.rpartition(".")
    module = importlib.import_module(module_name)
    function = getattr(module, name)
    assert isinstance(function, FunctionType), path
    return module, function


def _names_used(function: FunctionType) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
    return found


def _goes_through(table: Table, module: ModuleType, function: FunctionType, depth: int = 2) -> bool:
    """The function names the table (or its rulebook check), or calls a helper that does."""
    used = _names_used(function)
    if used & {table.name, *table.through}:
        return True
    if depth == 0:
        return False
    for name in used:
        for holder in (module, *(v for v in vars(module).values() if isinstance(v, ModuleType))):
            helper = getattr(holder, name, None)
            if isinstance(helper, FunctionType) and helper is not function:
                helper_module = importlib.import_module(helper.__module__)
                if _goes_through(table, helper_module, helper, depth - 1):
                    return True
    return False


def _moves() -> Iterator[tuple[Table, str]]:
    for table in TABLES:
        for path in sorted({by for move in table.machine.moves for by in move.by}):
            yield table, path


@pytest.mark.parametrize(("table", "service"), list(_moves()), ids=lambda v: getattr(v, "name", v))
def test_each_service_a_table_names_checks_its_move_through_the_table(
    table: Table, service: str
) -> None:
    module, function = _function(service)
    assert _goes_through(table, module, function), f"{service} writes a status unchecked"


@dataclass(frozen=True)
class Write:
    where: str  # module.function
    line: int
    kind: str  # "assign", "update" or "create"
    target: str | None  # the state written, when it is a member of a table's enumeration
    table: Table | None


def _enclosing(module: str, tree: ast.Module) -> dict[ast.AST, str]:
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{name}.{child.name}"
                visit(child, inner)
                owner[child] = inner
            else:
                owner[child] = name
                visit(child, name)

    visit(tree, module)
    return owner


def _member(node: ast.AST, module: ModuleType) -> tuple[str, Table] | None:
    """The state and table of `Enum.MEMBER` (or `alias.MEMBER`), resolved in the module."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        enum = getattr(module, node.value.id, None)
        if isinstance(enum, type) and enum in BY_ENUM and hasattr(enum, node.attr):
            return str(getattr(enum, node.attr).value), BY_ENUM[enum]
    return None


WRITING_CALLS = {"update": "update", "create": "create"} | {
    t.model.__name__: "create" for t in TABLES
}


def _assigned(node: ast.Assign) -> Iterator[tuple[str, ast.AST]]:
    """`x.status = value`, and `x.state, x.when = value, now`."""
    for target in node.targets:
        elements = target.elts if isinstance(target, ast.Tuple) else [target]
        paired = isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
        values = node.value.elts if paired else [node.value] * len(elements)  # type: ignore[attr-defined]
        for element, value in zip(elements, values, strict=True):
            if isinstance(element, ast.Attribute) and element.attr in ("status", "state"):
                yield "assign", value


def _called(node: ast.Call) -> Iterator[tuple[str, ast.AST]]:
    """`queryset.update(status=…)`, `Model.objects.create(status=…)`, `Model(status=…)`."""
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    kind = WRITING_CALLS.get(called)
    if kind is not None:
        for keyword in node.keywords:
            if keyword.arg in ("status", "state"):
                yield kind, keyword.value


def _writes() -> Iterator[Write]:
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        module = importlib.import_module(name)
        tree = ast.parse(path.read_text())
        owner = _enclosing(name, tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                found = list(_assigned(node))
            elif isinstance(node, ast.Call):
                found = list(_called(node))
            else:
                continue
            for kind, value in found:
                member = _member(value, module)
                yield Write(
                    owner.get(node, name),
                    node.lineno,
                    kind,
                    member[0] if member else None,
                    member[1] if member else None,
                )


def test_every_status_write_is_a_move_its_table_allows_by_that_service() -> None:
    writes = list(_writes())
    assert len(writes) > 20  # the scan finds the services' writes
    unchecked: list[str] = []
    services = {by for t in TABLES for m in t.machine.moves for by in m.by}
    for write in writes:
        place = f"{write.where} (line {write.line})"
        if write.where in NOT_A_MODEL_STATUS:
            continue
        if write.table is None:
            # a state held in a variable: only a service a table names may write it
            if write.where not in services:
                unchecked.append(f"{place} writes a status no table names it for")
            continue
        machine = write.table.machine
        if write.kind == "create":
            if write.target not in machine.initial:
                unchecked.append(f"{place} creates a {machine.noun} {write.target}")
            continue
        made_here = [m for m in machine.moves if write.where in m.by and m.target == write.target]
        if not made_here:
            unchecked.append(f"{place} makes a {machine.noun} {write.target}, not in its table")
    assert unchecked == []


def _pairs() -> Iterator[tuple[Table, str, str]]:
    for table in TABLES:
        for current in table.machine.table:
            for target in table.machine.table:
                yield table, current, target


@pytest.mark.parametrize(
    ("table", "current", "target"),
    [
        pytest.param(
            t,
            c,
            g,
            id=f"{t.name}: {c} to {g} is {'allowed' if t.machine.allows(c, g) else 'refused'}",
        )
        for t, c, g in _pairs()
    ],
)
def test_a_move_the_table_lacks_is_refused_naming_both_states(
    table: Table, current: str, target: str
) -> None:
    machine = table.machine
    if machine.allows(current, target):
        machine.check(current, target)
        assert target in machine.targets(current)
        assert current in machine.sources(target)
        return
    with pytest.raises(InvalidTransition) as refused:
        machine.check(current, target, subject="This one")
    error = refused.value
    assert (error.status, error.code, error.field) == (409, "invalid_transition", "status")
    assert error.message.startswith(f"This one is {'already ' if current == target else ''}")
    assert machine.label(current) in error.message
    assert machine.label(target) in error.message
    onward = machine.targets(current)
    assert all(machine.label(state) in error.message for state in onward)
    if not onward:
        assert "is final" in error.message


def test_a_state_reached_by_two_services_is_checked_for_the_service_asking() -> None:
    # in evaluation is reached from submitted (evaluation begins) and from information requested
    # (the reply): a reply to a submitted application is refused
    APPLICATION_STATES.check("information_requested", "in_evaluation", by="information_reply")
    with pytest.raises(InvalidTransition, match="this way only from information requested"):
        APPLICATION_STATES.check("submitted", "in_evaluation", by="information_reply")
    assert BATCH_STATES.sources("recording", by="batch_claim") == {"queued"}
    with pytest.raises(ValueError, match="no move is made by 'nobody'"):
        BATCH_STATES.sources("recording", by="nobody")
