"""One rule, one function: docs/rules.md, the catalogue and the registry agree; every rule id the
code cites is documented; and no module outside the rulebook keeps its own copy of a rule."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import tohu.rulebook
from tohu.rulebook import DEFAULTS, RULES, computes, registry

ROOT = Path(__file__).resolve().parents[2]
RULES_PAGE = ROOT / "docs" / "rules.md"
ROW = re.compile(r"^\| ([A-Z][A-Za-z0-9.-]*) \| (.+) \| (.+) \| (.+) \|$")
FUNCTION = re.compile(r"`(tohu(?:\.\w+)+)`")
# an id as the code cites it: "REV-period", "LOR-6.1g", "TRANS-2025 (c)", "TEHONO"
CITED = re.compile(
    r"\b(?:(?:LOR|MAAR|MC|REV|ROA|EQV|APP|FEE|VER|TRANS|WDC)-[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*"
    r"|TEHONO|CONDITIONS)\b"
)


def _documented() -> dict[str, tuple[str, ...]]:
    rows: dict[str, tuple[str, ...]] = {}
    for line in RULES_PAGE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match and match.group(1) != "Id":
            assert match.group(1) not in rows, f"{match.group(1)} is listed twice"
            rows[match.group(1)] = tuple(FUNCTION.findall(match.group(4)))
    return rows


def _resolve(path: str) -> Callable[..., object]:
    module, _, name = path.rpartition(".")
    found: Callable[..., object] = getattr(importlib.import_module(module), name)
    return found


def test_the_rules_page_lists_exactly_the_catalogued_rules() -> None:
    assert set(_documented()) == set(RULES)


def test_every_rule_has_a_function_and_every_function_named_exists() -> None:
    for rule_id, paths in _documented().items():
        assert paths, f"{rule_id} names no function"
        for path in paths:
            assert callable(_resolve(path)), path


def test_the_registry_is_what_the_rules_page_says_the_rulebook_computes() -> None:
    from_page = {
        rule_id: {_resolve(path) for path in paths if path.startswith("tohu.rulebook.")}
        for rule_id, paths in _documented().items()
    }
    from_code = {rule_id: set(functions) for rule_id, functions in registry().items()}
    assert {k: v for k, v in from_page.items() if v} == from_code


def test_rules_kept_by_a_service_are_cited_where_it_keeps_them() -> None:
    for rule_id, paths in _documented().items():
        for path in paths:
            if not path.startswith("tohu.rulebook."):
                module = inspect.getsource(importlib.import_module(path.rpartition(".")[0]))
                assert rule_id in CITED.findall(module), (rule_id, path)


def test_only_catalogued_ids_can_be_registered() -> None:
    with pytest.raises(ValueError, match="not rule ids"):
        computes("LOR-99")
    with pytest.raises(ValueError, match="none given"):
        computes()


def _cited_in() -> Iterator[tuple[Path, str]]:
    sources = [
        *(ROOT / "tohu").rglob("*"),
        *(ROOT / "tests").rglob("*.py"),
        *(ROOT / "docs").glob("*.md"),
    ]
    sources += [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / ".env.example"]
    for path in sources:
        if path.suffix not in {".py", ".html", ".txt", ".md", ".example"} or path == RULES_PAGE:
            continue
        if "migrations" in path.relative_to(ROOT).parts or path == Path(__file__):
            continue
        for rule_id in CITED.findall(path.read_text(encoding="utf-8")):
            yield path, rule_id


def test_every_rule_id_the_code_cites_is_on_the_rules_page() -> None:
    documented = set(_documented())
    unknown = {(str(path.relative_to(ROOT)), rule_id) for path, rule_id in _cited_in()}
    assert {(path, rule_id) for path, rule_id in unknown if rule_id not in documented} == set()


# ---------------------------------------------------------------------------------------------
# No copies: what the rulebook computes or declares is not computed or declared again elsewhere.

OUTSIDE_THE_RULEBOOK = [
    path
    for path in sorted((ROOT / "tohu").rglob("*.py"))
    if not {"rulebook", "migrations"} & set(path.relative_to(ROOT).parts)
]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"


def _delegates(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    # a method named like a rule is fine when it calls the rule or reads what it stored
    return any(
        (isinstance(node, ast.Name) and node.id == function.name)
        or (isinstance(node, ast.Attribute) and node.attr == function.name)
        for node in ast.walk(function)
    )


def test_the_modules_outside_the_rulebook_are_checked() -> None:
    assert len(OUTSIDE_THE_RULEBOOK) > 100
    assert ROOT / "tohu" / "register" / "services.py" in OUTSIDE_THE_RULEBOOK
    assert ROOT / "tohu" / "rulebook" / "reviews.py" not in OUTSIDE_THE_RULEBOOK


def test_no_function_outside_the_rulebook_is_named_like_a_rule() -> None:
    exported = {name for name in tohu.rulebook.__all__ if name[0].islower()}
    copies = [
        f"{_where(path, node)} {node.name}"
        for path in OUTSIDE_THE_RULEBOOK
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name in exported
        and not _delegates(node)
    ]
    assert copies == []


def _arithmetic_on_credits(node: ast.AST) -> bool:
    # hours to credits and back (LOR-3-credit): // 10, % 10, or * 10 beside hours or credits
    if not isinstance(node, ast.BinOp):
        return False
    ten = any(
        isinstance(side, ast.Constant) and side.value == 10 for side in (node.left, node.right)
    )
    if isinstance(node.op, ast.FloorDiv | ast.Mod):
        return ten
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
    return (
        ten and isinstance(node.op, ast.Mult) and any("credit" in n or "hour" in n for n in names)
    )


def _calendar_arithmetic(node: ast.AST) -> bool:
    # add_years and add_months restated: day.replace(year=...), calendar.monthrange(...)
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    replaces_year = (
        isinstance(function, ast.Attribute)
        and function.attr == "replace"
        and any(keyword.arg == "year" for keyword in node.keywords)
    )
    month_lengths = isinstance(function, ast.Attribute) and function.attr == "monthrange"
    return replaces_year or month_lengths


# tohu.core.dates reads dates people write and needs month lengths to say "no 31 June"
PARSES_DATES = ROOT / "tohu" / "core" / "dates.py"


def test_no_module_outside_the_rulebook_does_credit_or_calendar_arithmetic() -> None:
    found = [
        _where(path, node)
        for path in OUTSIDE_THE_RULEBOOK
        for node in ast.walk(_tree(path))
        if _arithmetic_on_credits(node) or (path != PARSES_DATES and _calendar_arithmetic(node))
    ]
    assert found == []


def _policy_literals() -> set[object]:
    values: set[object] = set()
    for name in DEFAULTS.__dataclass_fields__:
        value = getattr(DEFAULTS, name)
        if isinstance(value, Decimal) and value not in (Decimal(0), Decimal(1)):
            values.add(value)
        # the cut-over day is distinctive; other policy days (1 January) are common in data
        if isinstance(value, date) and name == "rules_2022_cutover":
            values.add(value)
    return values


def _literal(node: ast.AST) -> object:
    # Decimal("190.00") and date(2023, 1, 16), as written in the code
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        return None
    arguments = [a.value for a in node.args if isinstance(a, ast.Constant)]
    if len(arguments) != len(node.args) or node.keywords:
        return None
    try:
        if node.func.id == "Decimal" and len(arguments) == 1:
            return Decimal(str(arguments[0]))
        if node.func.id == "date" and len(arguments) == 3:
            return date(*arguments)  # type: ignore[arg-type]
    except (ValueError, TypeError, ArithmeticError):
        return None
    return None


def test_policy_values_are_declared_only_in_the_policy() -> None:
    declared = _policy_literals()
    restated = [
        f"{_where(path, node)} {_literal(node)}"
        for path in [*OUTSIDE_THE_RULEBOOK, ROOT / "tohu" / "settings.py"]
        for node in ast.walk(_tree(path))
        if _literal(node) in declared
    ]
    assert restated == []
