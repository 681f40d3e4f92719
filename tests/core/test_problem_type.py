"""One type for a problem with input: `tohu.rulebook.problems.Problem`, whether a rule's finding,
a field of a form or an API body, or a row and column of a file."""

from __future__ import annotations

import ast
from pathlib import Path

from tohu.core.errors import InvalidInput
from tohu.core.problems import problem_body
from tohu.rulebook import Problem, Severity

ROOT = Path(__file__).resolve().parents[2] / "tohu"


def test_no_module_declares_a_problem_type_of_its_own() -> None:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
            is_error = any(name.endswith(("Error", "Exception")) for name in bases)
            if node.name.endswith(("Problem", "Finding", "ProblemError")) and not is_error:
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}")
    assert found == ["tohu/rulebook/problems.py:26 Problem"]


def test_a_problem_says_where_it_is_and_is_an_item_of_the_apis_errors() -> None:
    problem = Problem("ROA-nsn", "An NSN is 1 to 10 digits.", field="nsn", row=3, value="x1")
    assert str(problem) == "row 3, nsn: An NSN is 1 to 10 digits."
    assert problem.severity is Severity.BLOCK
    body = problem_body(status=422, detail="", code="rejected", errors=[problem])
    assert body["errors"] == [
        {
            "row": 3,
            "column": "nsn",
            "value": "x1",
            "rule_id": "ROA-nsn",
            "message": "An NSN is 1 to 10 digits.",
        }
    ]
    error = InvalidInput("Bad.", problems=[problem])
    assert list(error.problems) == [problem]
