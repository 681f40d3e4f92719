"""No two Tohu modules import each other, directly or through others.

The import graph is built by grimp (the graph behind import-linter), counting every import,
including those inside functions: an import moved into a function to dodge the cycle at load
time is still a cycle. A cycle is broken by moving what both sides need below both (for example
`tohu.core.api_auth` below `tohu.api` and the apps' routers), or, where a lower app must let a
higher one act, by a signal the higher app connects (`tohu.register.signals`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping

import grimp


def _cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.get(module, ()):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(graph):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


# Cycles that exist and are to be broken, each named exactly: the test fails on any other, and
# on one of these once it is gone (so the list only shrinks). None is left.
KNOWN: list[list[str]] = []


def _tohu_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("tohu", cache_dir=None)
    return {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}


def _describe(graph: grimp.ImportGraph, cycle: list[str]) -> str:
    lines = []
    members = set(cycle)
    for importer in cycle:
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & members):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                lines.append(
                    f"  {importer} line {detail['line_number']}: {detail['line_contents']}"
                )
    return "\n".join(lines)


def test_the_cycle_finder_finds_a_cycle_and_nothing_else() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}

    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_tohu_module_imports_itself_back_through_others() -> None:
    found = _cycles(_tohu_graph())
    cycles = [cycle for cycle in found if cycle not in KNOWN]

    assert [cycle for cycle in KNOWN if cycle not in found] == [], "a known cycle is gone: drop it"
    if cycles:
        graph = grimp.build_graph("tohu", cache_dir=None)
        report = "\n\n".join(_describe(graph, cycle) for cycle in cycles)
        raise AssertionError(f"Import cycles between Tohu modules:\n{report}")
