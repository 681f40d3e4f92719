"""Find user-visible string literals in Tohu's Python that are not marked for translation.

A string reaches a person when it is:

- the message of `messages.success/info/warning/error/debug(request, ...)`;
- the message of a `ValidationError`, or of `form.add_error(field, ...)`;
- a form field's `label`, `help_text` or `empty_label` (or the label given first to a helper
  that builds a field, LABEL_HELPERS), or a form's `error_messages` value;
- the message of a domain error (`DomainError` and every class built on it: shown on the page
  and as the API's `detail`);
- a rule finding's message (`Finding(rule_id, severity, field, message)`);
- a problem's `detail` (`problem_response`, `problem_body`);
- a dashboard panel's heading, given first or by its keyword (`Panel(role=...)`);
- a choice's label: the last item of a member of a `TextChoices`/`IntegerChoices` class, or
  the second of each pair in a literal `choices=[(value, label), ...]` or assigned to a name
  ending in `choices` (`STATUS_CHOICES = [...]`, `widget.choices = [...]`): what
  `get_<field>_display()` and a form's select show;
- a model's or field's `verbose_name`/`verbose_name_plural` (a keyword, or in `class Meta`),
  which forms and pages show as a label.

It is marked when it is the argument of `gettext`, `ngettext`, `pgettext`, their `_lazy` forms
or `_`; a plain literal or an f-string there is a finding. Names and other expressions are not
judged: what they hold was marked where it was written.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LETTER = re.compile(r"[^\W\d_]")
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error", "add_message"}
FORM_KEYWORDS = {"label", "help_text", "empty_label"}
PROBLEM_FUNCTIONS = {"problem_response", "problem_body"}
# helpers that take a label first, and the keyword it has: a form field's, a panel's heading
LABEL_HELPERS = {"_text": "label", "Panel": "role"}
CHOICES = {"TextChoices", "IntegerChoices", "Choices"}
VERBOSE_NAMES = {"verbose_name", "verbose_name_plural"}
ROOT_ERRORS = {"DomainError", "ValidationError"}


@dataclass(frozen=True)
class Unmarked:
    path: Path
    line: int
    column: int
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.text!r}"


def visible(node: ast.expr) -> bool:
    """A literal (or f-string) with a letter in its literal text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(LETTER.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and LETTER.search(str(part.value))
            for part in node.values
        )
    return False


def literal_text(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    return ast.unparse(node)


def callee(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def error_classes(trees: list[ast.Module]) -> set[str]:
    """DomainError, ValidationError and every class that builds on them, by name."""
    names = set(ROOT_ERRORS)
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {callee_name(base) for base in node.bases}
                    if bases & names:
                        names.add(node.name)
                        grew = True
    return names


def callee_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def targets(node: ast.Call, errors: set[str]) -> Iterator[tuple[str, ast.expr]]:
    """The arguments of this call that a person reads."""
    name = callee(node)
    func = node.func
    if (
        isinstance(func, ast.Attribute)
        and name in MESSAGE_LEVELS
        and isinstance(func.value, ast.Name)
        and func.value.id == "messages"
    ):
        index = 2 if name == "add_message" else 1
        if len(node.args) > index:
            yield f"messages.{name}", node.args[index]
        for keyword in node.keywords:
            if keyword.arg == "message":
                yield f"messages.{name}", keyword.value
    if name in errors:
        if node.args:
            yield name, node.args[0]
        for keyword in node.keywords:
            if keyword.arg == "message":
                yield name, keyword.value
    if name in LABEL_HELPERS:
        if node.args:
            yield f"{name}(label)", node.args[0]
        for keyword in node.keywords:
            if keyword.arg == LABEL_HELPERS[name]:
                yield f"{name}(label)", keyword.value
    if name == "add_error" and len(node.args) > 1:
        yield "add_error", node.args[1]
    if name == "Finding":
        if len(node.args) > 3:
            yield "Finding", node.args[3]
        for keyword in node.keywords:
            if keyword.arg == "message":
                yield "Finding", keyword.value
    if name in PROBLEM_FUNCTIONS:
        for keyword in node.keywords:
            if keyword.arg == "detail":
                yield name, keyword.value
    for keyword in node.keywords:
        if keyword.arg in FORM_KEYWORDS | VERBOSE_NAMES:
            yield f"{name}({keyword.arg}=)", keyword.value
        if keyword.arg == "choices":
            for label in pair_labels(keyword.value):
                yield f"{name}(choices=)", label
        if keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
            for value in keyword.value.values:
                yield f"{name}(error_messages=)", value


def class_targets(node: ast.ClassDef) -> Iterator[tuple[str, ast.expr]]:
    """The strings a class body gives a person: its choices' labels, its Meta's names."""
    bases = {callee_name(base) for base in node.bases}
    for statement in node.body:
        if not isinstance(statement, ast.Assign):
            continue
        names = [target.id for target in statement.targets if isinstance(target, ast.Name)]
        value = statement.value
        if bases & CHOICES and isinstance(value, ast.Tuple) and len(value.elts) > 1:
            yield f"{node.name}.{names[0] if names else '?'} (choice label)", value.elts[-1]
        if node.name == "Meta" and set(names) & VERBOSE_NAMES:
            yield f"Meta.{names[0]}", value


def pair_labels(node: ast.expr) -> Iterator[ast.expr]:
    """The labels of a literal list of (value, label) pairs."""
    if isinstance(node, ast.List | ast.Tuple):
        for pair in node.elts:
            if isinstance(pair, ast.Tuple) and len(pair.elts) == 2:
                yield pair.elts[1]


def assigned_choices(node: ast.Assign) -> Iterator[tuple[str, ast.expr]]:
    """`STATUS_CHOICES = [(value, label), ...]`, `widget.choices = [...]`: labels a form shows."""
    for target in node.targets:
        name = callee_name(target)
        if name.lower().endswith("choices"):
            for label in pair_labels(node.value):
                yield f"{name} (choice label)", label


def module_targets(tree: ast.Module, errors: set[str]) -> Iterator[tuple[str, ast.expr]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from targets(node, errors)
        elif isinstance(node, ast.ClassDef):
            yield from class_targets(node)
        elif isinstance(node, ast.Assign):
            yield from assigned_choices(node)


# Not the interface: migrations, the operators' command line (management commands) and the
# demonstration data's own content (tohu/demo).
NOT_INTERFACE = {"migrations", "management", "demo"}


def python_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if not NOT_INTERFACE & set(path.parts))


def unmarked_strings(root: Path) -> list[Unmarked]:
    """Every user-visible literal under `root` that is not passed through gettext."""
    files = python_files(root)
    trees = [ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in files]
    errors = error_classes(trees)
    found = []
    for path, tree in zip(files, trees, strict=True):
        for where, argument in module_targets(tree, errors):
            candidates = [argument]
            if isinstance(argument, ast.IfExp):
                candidates = [argument.body, argument.orelse]
            found += [
                Unmarked(path, item.lineno, item.col_offset, where, literal_text(item))
                for item in candidates
                if visible(item)
            ]
    return found


def unmarked_in_source(source: str) -> list[str]:
    """The lint over one module's source: for the lint's own tests."""
    tree = ast.parse(source)
    errors = error_classes([tree])
    return [
        f"{where}: {literal_text(argument)}"
        for where, argument in module_targets(tree, errors)
        if visible(argument)
    ]
