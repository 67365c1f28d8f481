"""The import rules of docs/ARCHITECTURE.md, checked on the source: who may import whom.

Read with ``ast``, so a rule holds for imports inside functions too (where a lazy
import could quietly turn the flow around).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cjm_widgets"

LAYERS: dict[str, int] = {
    # 0 foundation: no knowledge of workshops
    "_version": 0, "i18n": 0, "errors": 0, "limits": 0, "ids": 0, "formula_guard": 0,
    "fonts": 0,
    # 1 the model and its rules
    "model": 1, "model_types": 1, "references": 1, "validation": 1, "editing": 1,
    "quadrants": 1,
    # 2 files and tables: the store and the doors the facade opens
    "store": 2, "migrations": 2, "frames": 2, "table_files": 2, "csv_import": 2,
    "mermaid": 2, "workshop": 2, "samples": 2, "templates": 2, "monitor": 2, "measurements": 2,
    "versions": 2,
    # 3 pure geometry
    "layout": 3,
    # 4 drawing
    "render": 4,
    # 5 what people use: widgets in the notebook, reports on paper (neither imports the other)
    "widgets": 5, "reports": 5,
    # 6 the kit's outer edge: registry, exporters, commands, servers
    "plugins": 6, "exporters": 6, "guide": 6, "launch": 6, "server_guard": 6, "cli": 6,
    "gitconfig": 6,
    "lab_server": 6,
    # the room: its log and rules beside the store, its server at the edge, its door a widget
    "room": 5, "room.log": 2, "room.rules": 2, "room.tally": 2, "room.aggregates": 2,
    "room.merge": 2, "room.service": 2, "room.runtime": 2, "room.qr": 2,
    "room.page": 6, "room.handlers": 6, "room.server": 6, "room.command": 6,
}  # fmt: skip
"""A module's name, or its first part(s) -> its layer (the longest entry that names it);
a module imports only layers at or below its own."""

LAZY_REGISTRY_LOOKUPS = {
    ("layout.options", "plugins"),
    ("reports.sections", "plugins"),
    ("templates", "plugins"),
}
"""Lookups in the plugin registry from below it: allowed inside functions only."""

SIBLINGS_APART = (("widgets", "reports"), ("reports", "widgets"))

RENDERERS_NEVER_WRITE = ("store", "workshop", "editing", "frames", "table_files", "csv_import")


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    lazy: bool  # inside a function, or only for type checking


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[Import]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy_lines: set[int] = set()
    for node in ast.walk(tree):
        is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        is_type_checking = isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        if is_function or is_type_checking:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lazy_lines.add(inner.lineno)
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join([*base, *([node.module] if node.module else [])])
                if node.module is None:
                    targets = [".".join(filter(None, [module, a.name])) for a in node.names]
                else:
                    targets = [module]
            elif (node.module or "").startswith("cjm_widgets"):
                targets = [(node.module or "").removeprefix("cjm_widgets").lstrip(".")]
        elif isinstance(node, ast.Import):
            targets = [
                a.name.removeprefix("cjm_widgets").lstrip(".")
                for a in node.names
                if a.name.startswith("cjm_widgets")
            ]
        for target in targets:
            if target and target != name:
                found.append(Import(name, target, node.lineno, node.lineno in lazy_lines))
    return found


ALL_IMPORTS = [
    found
    for path in sorted(PACKAGE.rglob("*.py"))
    if "build_web_fonts" not in path.name
    for found in _imports(path)
]


def _layer(module: str) -> int:
    if not module:
        return 6
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in LAYERS:
            return LAYERS[".".join(parts[:end])]
    return LAYERS[parts[0]]


def test_every_module_has_a_layer() -> None:
    tops = {found.source.split(".")[0] for found in ALL_IMPORTS if found.source}
    assert sorted(tops - set(LAYERS)) == []
    room = {f.source for f in ALL_IMPORTS if f.source.startswith("room.")}
    assert sorted(room - set(LAYERS)) == []


def test_no_module_imports_a_layer_above_its_own() -> None:
    wrong = [
        f"{found.source} (layer {_layer(found.source)}) imports {found.target} "
        f"(layer {_layer(found.target)}) on line {found.line}"
        for found in ALL_IMPORTS
        if found.source
        and _layer(found.target) > _layer(found.source)
        and not (found.lazy and (found.source, found.target.split(".")[0]) in LAZY_REGISTRY_LOOKUPS)
    ]
    assert wrong == []


def test_the_model_knows_no_files_tables_or_diagrams() -> None:
    model_imports = {
        f.target for f in ALL_IMPORTS if f.source in ("model", "references", "validation")
    }
    allowed = {"errors", "i18n", "ids", "limits", "model_types", "references", "validation"}
    assert model_imports <= allowed


def test_renderers_only_draw() -> None:
    wrong = [
        f"{f.source} imports {f.target}"
        for f in ALL_IMPORTS
        if f.source.startswith("render") and f.target.split(".")[0] in RENDERERS_NEVER_WRITE
    ]
    assert wrong == []


@pytest.mark.parametrize(("one", "other"), SIBLINGS_APART)
def test_widgets_and_reports_stay_apart(one: str, other: str) -> None:
    assert [f for f in ALL_IMPORTS if f.source.startswith(one) and f.target.startswith(other)] == []


def test_module_level_imports_run_in_one_direction() -> None:
    """No cycle among module-level imports (the layout modules once imported each other)."""
    graph: dict[str, set[str]] = {}
    for found in ALL_IMPORTS:
        if not found.lazy and found.source:
            graph.setdefault(found.source, set()).add(found.target)
    cycles = []
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            # importing a package runs its __init__: an edge to "layout" is an edge to it
            if state.get(nxt) == "open" and not nxt.startswith(node + "."):
                cycles.append(
                    " -> ".join([*trail[trail.index(nxt) :], nxt]) if nxt in trail else nxt
                )
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_layout_modules_import_in_one_direction() -> None:
    order = ["shapes", "theme", "blocks", "context", "lane_base", "text_lanes", "list_lanes",
             "funnel", "measured", "lanes", "options", "journey"]  # fmt: skip
    wrong = [
        f"{f.source} imports {f.target}"
        for f in ALL_IMPORTS
        if f.source.startswith("layout.") and f.target.startswith("layout.")
        and f.source.split(".")[1] in order and f.target.split(".")[1] in order
        and order.index(f.target.split(".")[1]) > order.index(f.source.split(".")[1])
        and not f.lazy
    ]  # fmt: skip
    assert wrong == []
