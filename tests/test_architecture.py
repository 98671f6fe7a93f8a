"""The rooms of the code and what each may import (docs/architecture.md), checked on the source."""

from __future__ import annotations

import ast
import gc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600
WEB = ("fastapi", "starlette", "uvicorn", "jinja2")  # the server and its templates
SQL = ("sqlalchemy", "sqlmodel", "alembic", "psycopg")


def modules(package: str) -> dict[str, Path]:
    return {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
            for path in sorted((ROOT / package).rglob("*.py"))}


def parse(path: Path) -> ast.Module:
    """The module's syntax tree, with the garbage collector held off meanwhile: on Python 3.11.7 a finalizer run
    during the conversion (a database connection closed by a test before) can make ast.parse raise
    "SystemError: AST constructor recursion depth mismatch" (seen once on PostgreSQL)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return ast.parse(path.read_text())
    finally:
        if enabled:
            gc.enable()


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """The absolute imports of a module (with ``top_level_only``, those run when it is imported: not the
    ones inside functions or under ``if TYPE_CHECKING``)."""
    tree = parse(path)
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def under(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def test_no_module_of_the_chronicle_or_the_api_is_over_600_lines():
    long = {name: n for package in ("chronicle", "api") for name, path in modules(package).items()
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_the_chronicle_imports_neither_the_web_server_nor_the_importers():
    wrong = {name: sorted(i for i in imports(path) if under(i, WEB + ("api", "importers")))
             for name, path in modules("chronicle").items()}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_the_api_speaks_to_the_application_not_to_the_store_or_sql():
    inner = ("chronicle.store", "chronicle.queries", "chronicle.projections", "chronicle.review") + SQL
    wrong = {name: sorted(i for i in imports(path) if under(i, inner)) for name, path in modules("api").items()}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_the_importers_touch_no_sql():
    inner = ("chronicle.store", "chronicle.queries", "chronicle.projections") + SQL
    wrong = {name: sorted(i for i in imports(path) if under(i, inner)) for name, path in modules("importers").items()}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_the_domain_imports_nothing_else_of_the_chronicle():
    wrong = {name: sorted(i for i in imports(path) if under(i, ("chronicle",)) and not under(i, ("chronicle.domain",)))
             for name, path in modules("chronicle.domain".replace(".", "/")).items()}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_no_import_cycles():
    graph: dict[str, set[str]] = {}
    known = {**modules("chronicle"), **modules("api"), **modules("importers")}
    for name, path in known.items():
        graph[name] = {i for i in imports(path, top_level_only=True) if i in known and i != name}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def importer_imports(path: Path) -> set[str]:
    """The importer modules a module of ``importers/`` imports, relative imports resolved (the package uses
    them: ``from ..reading.documents import Document``)."""
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + [node.module or ""]).strip(".") \
                if node.level else node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {i for i in found if under(i, ("importers",))}


def test_the_importers_stages_depend_one_way():
    """reading <- recognition <- extraction (docs/architecture.md): a stage imports only the stages before it."""
    before = {"reading": (), "recognition": ("importers.reading",),
              "extraction": ("importers.reading", "importers.recognition")}
    stages = {stage: modules(f"importers/{stage}") for stage in before}
    assert all(stages.values())
    wrong = {name: sorted(i for i in importer_imports(path)
                          if not under(i, (f"importers.{stage}",) + before[stage]))
             for stage, found in stages.items() for name, path in found.items()}
    assert {name: found for name, found in wrong.items() if found} == {}
