"""The import rules of docs/ARCHITECTURE.md, checked on the source: who may import whom,
no import cycle, and no module over 400 lines.

Read with ``ast``, so a rule holds for imports inside functions too (where a lazy
import could quietly turn the flow around, or close a cycle the module level hides).
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cjm_widgets"

MAX_LINES = 400
"""No module in the package is longer: a longer one holds several jobs."""

LAYERS: dict[str, int] = {
    # 0 foundation: no knowledge of workshops
    "_version": 0, "i18n": 0, "errors": 0, "limits": 0, "ids": 0, "formula_guard": 0,
    "fonts": 0, "plugin_hook": 0, "bulk": 0,
    # 1 the model and its rules
    "model": 1, "model_types": 1, "references": 1, "validation": 1, "editing": 1,
    "quadrants": 1, "history": 1,
    # 2 files and tables: the store and the doors the facade opens
    "store": 2, "migrations": 2, "frames": 2, "table_files": 2, "csv_files": 2, "csv_import": 2,
    "mermaid": 2, "workshop": 2, "samples": 2, "templates": 2, "monitor": 2, "measurements": 2,
    "versions": 2, "library": 2, "orchestrate": 2,
    # 3 pure geometry
    "layout": 3,
    # 4 drawing
    "render": 4,
    # 5 what people use: widgets in the notebook, reports on paper (neither imports the other)
    "widgets": 5, "reports": 5,
    # 6 the kit's outer edge: registry, exporters, commands, servers
    "plugins": 6, "api": 6, "exporters": 6, "guide": 6, "launch": 6, "server_guard": 6, "cli": 6,
    "gitconfig": 6,
    "lab_server": 6,
    # the room: its log and rules beside the store, its server at the edge, its door a widget
    "room": 5, "room.log": 2, "room.rules": 2, "room.tally": 2, "room.aggregates": 2,
    "room.merge": 2, "room.service": 2, "room.runtime": 2, "room.qr": 2, "room.decisions": 2,
    "room.page": 6, "room.handlers": 6, "room.server": 6, "room.command": 6,
}  # fmt: skip
"""A module's name, or its first part(s) -> its layer (the longest entry that names it);
a module imports only layers at or below its own."""

SIBLINGS_APART = (("widgets", "reports"), ("reports", "widgets"))

RENDERERS_NEVER_WRITE = ("store", "workshop", "editing", "frames", "table_files", "csv_import")


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    lazy: bool  # inside a function, or only for type checking


def package_modules(package: Path) -> dict[str, Path]:
    """Dotted name inside ``package`` ("" for the package itself) -> its file."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _lazy_lines(tree: ast.Module) -> set[int]:
    lazy: set[int] = set()
    for node in ast.walk(tree):
        is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        is_type_checking = isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        if is_function or is_type_checking:
            lazy.update(
                inner.lineno
                for inner in ast.walk(node)
                if isinstance(inner, ast.Import | ast.ImportFrom)
            )
    return lazy


def read_imports(package: Path) -> list[Import]:
    """Every import of a module of ``package`` by another, at module level, inside a
    function or for type checking alike; ``from X import Y`` names the submodule X.Y
    when Y is one, else X (a package's ``__init__``)."""
    modules = package_modules(package)
    top = package.name

    def known(dotted: str) -> str:
        while dotted not in modules and dotted:
            dotted = dotted.rpartition(".")[0]
        return dotted

    found = []
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lazy = _lazy_lines(tree)
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".") if here else []
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                elif node.module == top or (node.module or "").startswith(top + "."):
                    module = (node.module or "").removeprefix(top).lstrip(".")
                else:
                    continue
                targets = [known(".".join(filter(None, [module, a.name]))) for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [
                    known(a.name.removeprefix(top).lstrip("."))
                    for a in node.names
                    if a.name == top or a.name.startswith(top + ".")
                ]
            found.extend(
                Import(name, target, node.lineno, node.lineno in lazy)
                for target in dict.fromkeys(targets)
                if target != name
            )
    return found


def import_cycles(imports: Iterable[Import]) -> list[list[str]]:
    """Each group of modules that import one another (directly or around a loop), by
    Tarjan's strongly connected components; an import inside a function counts."""
    graph: dict[str, set[str]] = {}
    for found in imports:
        graph.setdefault(found.source, set()).add(found.target)
        graph.setdefault(found.target, set())
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            group = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return sorted(cycles)


ALL_IMPORTS = [found for found in read_imports(PACKAGE) if "build_web_fonts" not in found.source]


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
        if found.source and _layer(found.target) > _layer(found.source)
    ]
    assert wrong == []


def _in_model(module: str) -> bool:
    """The model package itself or one of its modules (``model_types`` is a module apart)."""
    return module == "model" or module.startswith("model.")


def test_the_model_knows_no_files_tables_or_diagrams() -> None:
    model_imports = {
        f.target
        for f in ALL_IMPORTS
        if _in_model(f.source) or f.source in ("references", "validation")
    }
    allowed = {"errors", "i18n", "ids", "limits", "model_types", "references", "validation"}
    assert sorted(target for target in model_imports - allowed if not _in_model(target)) == []
    assert any(_in_model(f.source) for f in ALL_IMPORTS if f.target == "references")


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


def test_no_import_cycle_even_through_imports_inside_functions() -> None:
    """The registry once imported the exporters and templates, which imported it back,
    and the layout's options reached up to it: nine modules in one loop of lazy imports."""
    assert import_cycles(ALL_IMPORTS) == []


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root / "pkg"


def test_a_cycle_closed_inside_a_function_is_caught(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "low.py": """
                def lookup():
                    from .sub.high import REGISTRY  # the quiet way up
                    return REGISTRY
            """,
            "sub/__init__.py": "",
            "sub/high.py": "from pkg import low\nREGISTRY = {}\n",
            "other.py": "import pkg.low\n",
        },
    )
    imports = read_imports(package)
    assert {(f.source, f.target, f.lazy) for f in imports} == {
        ("low", "sub.high", True), ("sub.high", "low", False), ("other", "low", False),
    }  # fmt: skip
    assert import_cycles(imports) == [["low", "sub.high"]]


def test_a_cycle_through_a_package_init_or_for_type_checking_is_caught(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "from .a import A\n",
            "a.py": """
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from .b import B
                A = 1
            """,
            "b.py": "from . import A\nB = 2\n",
        },
    )
    assert import_cycles(read_imports(package)) == [["", "a", "b"]]
    (package / "b.py").write_text("B = 2\n", encoding="utf-8")
    assert import_cycles(read_imports(package)) == []


def test_no_module_is_over_400_lines() -> None:
    """One job per module: every module that grew past the limit is listed."""
    long = {
        name or "__init__": count
        for name, path in package_modules(PACKAGE).items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_layout_modules_import_in_one_direction() -> None:
    order = ["shapes", "theme", "blocks", "context", "lane_base", "text_lanes", "list_lanes",
             "funnel", "measured_signals", "measured", "nudges", "lanes", "options", "journey",
             "live_journey"]  # fmt: skip
    wrong = [
        f"{f.source} imports {f.target}"
        for f in ALL_IMPORTS
        if f.source.startswith("layout.") and f.target.startswith("layout.")
        and f.source.split(".")[1] in order and f.target.split(".")[1] in order
        and order.index(f.target.split(".")[1]) > order.index(f.source.split(".")[1])
        and not f.lazy
    ]  # fmt: skip
    assert wrong == []
