"""The apps' layers point one way, and no modules import each other in a circle.

Read from the source with ``ast`` (nothing is imported, no dependency needed). An app
may use apps of its own layer or below, never above: ``core``/``org`` at the bottom,
then ``workdays``/``directory``, then ``tickets``, then ``inspection``/``notify``, then
``accountability``, then ``reports`` (OWNERS.md, docs/domain.md "Layers"). Under them
all is the *ground*: the modules of ``core`` that depend on Django only (``GROUND``),
which every app may use, ``org`` included, while the rest of ``core`` (the shell: admin
site, navigation, home page) uses ``org``. What counts
as a use: an import anywhere in a module (also inside a function or under
``TYPE_CHECKING``), a model named by string in a relation (``"tickets.Ticket"``) and a
module named by string to ``import_module``. Migrations are left out: their
dependencies follow the schema's history, not the code's shape.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "firstask"

# Modules of core that use Django and each other only: any app may use them.
GROUND = (
    "firstask.core.vocabulary",
    "firstask.core.fields",
    "firstask.core.phones",
    "firstask.core.models",
    "firstask.core.db",
    "firstask.core.labels",
    "firstask.core.demo",
)

LAYERS = {
    "ground": -1,
    "core": 0,
    "org": 0,
    "workdays": 1,
    "directory": 1,
    "tickets": 2,
    "inspection": 3,
    "notify": 3,
    "accountability": 4,
    "reports": 5,
}

RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(name: str, module: str, level: int, is_package: bool) -> str:
    if not level:
        return name
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _submodule(name: str, known: set[str]) -> str:
    return name if name in known else ""


def uses(module: str, path: Path, known: set[str]) -> Iterator[tuple[str, int, bool]]:
    """(used firstask module or app label, line, at import time) for each use."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"

    def visit(node: ast.AST, top: bool) -> Iterator[tuple[str, int, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, top
            elif isinstance(child, ast.ImportFrom):
                target = _resolve(child.module or "", module, child.level, is_package)
                for alias in child.names:
                    sub = _submodule(f"{target}.{alias.name}", known)
                    yield sub or target, child.lineno, top
            elif isinstance(child, ast.Call):
                yield from _string_uses(child)
            if (isinstance(child, ast.If) and _is_type_checking(child)) or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            ):
                yield from visit(child, False)
            else:
                yield from visit(child, top)

    yield from visit(tree, True)


def _string_uses(call: ast.Call) -> Iterator[tuple[str, int, bool]]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    args = [*call.args[:1], *(k.value for k in call.keywords if k.arg in {"to", "name"})]
    for arg in args:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            continue
        if name in RELATIONS and arg.value.count(".") == 1:
            yield "firstask." + arg.value.split(".")[0].lower(), call.lineno, False
        elif name == "import_module" and arg.value.startswith("firstask."):
            yield arg.value, call.lineno, False


def app_of(name: str) -> str | None:
    """The layer node a module belongs to: its app, or "ground"."""
    if any(name == g or name.startswith(f"{g}.") for g in GROUND):
        return "ground"
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "firstask" else None


def graph() -> dict[str, list[tuple[str, int, bool]]]:
    found = dict(_modules())
    known = set(found)
    return {
        module: [u for u in uses(module, path, known) if app_of(u[0])]
        for module, path in found.items()
    }


def upward_uses(edges: dict[str, list[tuple[str, int, bool]]]) -> list[str]:
    problems = []
    for module, used in edges.items():
        here = app_of(module)
        if here is None:
            continue
        for target, line, _top in used:
            there = app_of(target)
            if here not in LAYERS or there not in LAYERS:
                unknown = here if here not in LAYERS else there
                problems.append(f"{module}:{line}: app {unknown!r} has no layer in LAYERS")
            elif LAYERS[there] > LAYERS[here]:
                problems.append(f"{module}:{line} uses {target} (layer {there} is above {here})")
    return problems


def cycles(nodes: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(nodes.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            connect(node)
    return found


def test_no_app_uses_an_app_above_it():
    problems = upward_uses(graph())
    assert not problems, "imports that run upward:\n" + "\n".join(problems)


def test_apps_do_not_use_each_other_in_a_circle():
    apps: dict[str, set[str]] = {}
    for module, used in graph().items():
        here = app_of(module)
        if here is None:
            continue
        apps.setdefault(here, set()).update(
            there for target, _, _ in used if (there := app_of(target)) != here
        )
    assert not cycles(apps), f"apps that use each other: {cycles(apps)}"


def test_no_modules_import_each_other_at_import_time():
    """A circle of module-level imports works only by the luck of import order (or an
    import moved to the bottom of a file); a function-level import is the way out."""
    modules = {
        module: {target for target, _, top in used if top and target != module}
        for module, used in graph().items()
    }
    assert not cycles(modules), f"module import cycles: {cycles(modules)}"


def test_the_ground_uses_nothing_but_the_ground():
    problems = [
        f"{module}:{line} uses {target}"
        for module, used in graph().items()
        if app_of(module) == "ground"
        for target, line, _ in used
        if app_of(target) != "ground"
    ]
    assert not problems, "the ground must depend on Django only:\n" + "\n".join(problems)


def test_the_checks_see_a_planted_upward_import(tmp_path):
    """The test itself works: an upward import and a circle are caught."""
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from firstask.tickets.models import Ticket\n"
        "def f():\n    from firstask.notify import sweep\n"
        "x = models.ForeignKey('inspection.Finding', on_delete=None)\n"
    )
    edges = {
        "firstask.workdays.planted": [
            u for u in uses("firstask.workdays.planted", planted, set()) if app_of(u[0])
        ]
    }
    problems = upward_uses(edges)
    assert [p.split(" uses ")[1].split(" ")[0] for p in problems] == [
        "firstask.tickets.models",
        "firstask.notify",
        "firstask.inspection",
    ]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
