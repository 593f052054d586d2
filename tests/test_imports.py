"""The package's imports: no module takes a private name (``_x``) from another, and no import
cycle runs among kamgraph's modules.

Read from the source (``ast``), nothing is imported. A module-level import is one that runs
when the module is imported: in the module's body, its ``if``/``try``/``with`` blocks
(``if TYPE_CHECKING:`` too: a loop in the types is a loop in the design) and class bodies,
not inside functions (a function-level import is a lazy one, which breaks no load order).
Private names are checked everywhere, functions included: ``from .x import _y``, ``x._y``
where ``x`` is an imported kamgraph module, and ``obj._y`` where ``_y`` is a private member
that only another module defines (``store._rows(...)`` from outside the store's class).

``from pkg import name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg``
(its ``__init__``). That importing ``pkg.sub`` first runs ``pkg/__init__.py`` is not counted
as an edge: a package's face naming its own modules' public API is the normal layout.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kamgraph"

# Known offenders owned by other helpers this session, named exactly so that each entry can
# be deleted as their work lands. The test fails on an entry that no longer offends too, so
# the lists only shrink: delete the entries it names. (Helper "analysis" made its private
# cross-file helpers public: ALLOWED_PRIVATE is empty.)
ALLOWED_PRIVATE: set[tuple[str, str, str]] = set()  # (importing module, where from, private name)
ALLOWED_REACH: set[tuple[str, str]] = set()  # (module, private member it reaches for on another module's object)
ALLOWED_EDGES: set[tuple[str, str]] = set()  # (importing module, imported module): left out of the cycle search


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the kamgraph module imported from
    names: tuple[str, ...]  # the names taken ("" for a plain ``import x``)
    top: bool  # runs when the module is imported
    line: int


def package_modules(package: Path) -> dict[str, Path]:
    """Each module's dotted name → its file, for the package in folder ``package``."""
    out: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = package_modules(PACKAGE)


@functools.cache
def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _absolute(module: str, node: ast.ImportFrom, modules: dict[str, Path]) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if modules[module].name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _walk(body: list[ast.stmt], top: bool) -> Iterator[tuple[ast.stmt, bool]]:
    for node in body:
        yield node, top
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _walk(node.body, False)
        elif isinstance(node, ast.ClassDef):
            yield from _walk(node.body, top)
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                for child in getattr(node, field, []):
                    if isinstance(child, ast.ExceptHandler | ast.match_case):
                        yield from _walk(child.body, top)
                    elif isinstance(child, ast.stmt):
                        yield from _walk([child], top)


def imports(module: str, modules: dict[str, Path] = MODULES) -> Iterator[Import]:
    """The imports of ``module`` that name a module of the package."""
    tree = _parse(modules[module])
    for node, top in _walk(tree.body, True):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield Import(module, alias.name, ("",), top, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, modules)
            if source not in modules:
                continue
            rest: list[str] = []
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in modules:
                    yield Import(module, sub, ("",), top, node.lineno)
                    if alias.name.startswith("_"):  # a private module of its package
                        yield Import(module, source, (alias.name,), top, node.lineno)
                else:
                    rest.append(alias.name)
            if rest:
                yield Import(module, source, tuple(rest), top, node.lineno)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(modules: dict[str, Path] = MODULES) -> set[tuple[str, str, str]]:
    """(module, where from, name) for each private name a module takes from another."""
    found: set[tuple[str, str, str]] = set()
    for module in modules:
        bound: dict[str, str] = {}  # a local name → the package's module it stands for
        for imp in imports(module, modules):
            found |= {(module, imp.target, n) for n in imp.names if _private(n) and imp.target != module}
        tree = _parse(modules[module])
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (source := _absolute(module, node, modules)) in modules:
                for alias in node.names:
                    if f"{source}.{alias.name}" in modules:
                        bound[alias.asname or alias.name] = f"{source}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and alias.name in modules:
                        bound[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in bound
                and _private(node.attr)
            ):
                found.add((module, bound[node.value.id], node.attr))
    return found


def _defined_private(module: str, modules: dict[str, Path]) -> set[str]:
    """The private names ``module`` defines: functions, classes, methods, attributes set on
    ``self``/``cls``, and assigned names."""
    names: set[str] = set()
    for node in ast.walk(_parse(modules[module])):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name | ast.Attribute):
            names.add(node.target.id if isinstance(node.target, ast.Name) else node.target.attr)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                names.add(node.attr)
    return {n for n in names if _private(n)}


def private_reach(modules: dict[str, Path] = MODULES) -> set[tuple[str, str]]:
    """(module, name) for each ``obj._name`` where ``obj`` is not ``self``, ``cls`` or
    ``super()``, and ``_name`` is defined by another module of the package but not by this
    one: a private member of another module's class (``store._rows(...)``, say)."""
    defined = {m: _defined_private(m, modules) for m in modules}
    found: set[tuple[str, str]] = set()
    for module in modules:
        for node in ast.walk(_parse(modules[module])):
            if not (isinstance(node, ast.Attribute) and _private(node.attr)) or node.attr in defined[module]:
                continue
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
                continue
            if any(node.attr in names for other, names in defined.items() if other != module):
                found.add((module, node.attr))
    return found


def module_graph(modules: dict[str, Path] = MODULES) -> dict[str, set[str]]:
    """Each module → the package's modules its module-level imports name."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module in modules:
        for imp in imports(module, modules):
            if imp.top and imp.target != module:
                graph[module].add(imp.target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected sets of more than one module (Tarjan's, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(frozenset(members))
    return found


def _cycle_path(graph: dict[str, set[str]], members: frozenset[str]) -> str:
    """One loop through ``members``, for the message: a → b → … → a."""
    start = min(members)
    paths = {start: [start]}
    todo = [start]
    while todo:
        node = todo.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return " → ".join([*paths[node], start])
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                todo.append(nxt)
    return ", ".join(sorted(members))


def test_the_reader_sees_the_package() -> None:
    assert "kamgraph.store.base" in MODULES and "kamgraph.render.plan" in MODULES
    graph = module_graph()
    assert "kamgraph.model" in graph["kamgraph.store.base"]
    assert "kamgraph.render.plan.model" in graph["kamgraph.render.plan"]


def test_the_cycle_finder_finds_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    assert _cycle_path(graph, frozenset({"a", "b", "c"})) == "a → b → c → a"


def test_the_checks_see_private_names_and_loops(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from .a import public\n",
        "a.py": "from . import b\nfrom .sub.c import _hidden, shown\n\ndef public():\n    return b._inner()\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import public\n",
        "sub/__init__.py": "",
        "sub/c.py": "def f(store):\n    from ..a import _late\n    return store._secret()\n_hidden = shown = 1\n",
        "d.py": "class D:\n    def _secret(self):\n        return self._secret\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text, encoding="utf-8")
    modules = package_modules(pkg)
    assert private_imports(modules) == {
        ("pkg.a", "pkg.sub.c", "_hidden"),
        ("pkg.a", "pkg.b", "_inner"),
        ("pkg.sub.c", "pkg.a", "_late"),
    }
    assert private_reach(modules) == {("pkg.sub.c", "_secret")}
    graph = module_graph(modules)
    assert graph["pkg.a"] == {"pkg.b", "pkg.sub.c"} and graph["pkg.sub.c"] == set()  # f's import is lazy
    assert cycles(graph) == [frozenset({"pkg.a", "pkg.b"})]  # TYPE_CHECKING counts


def test_no_module_imports_a_private_name_from_another() -> None:
    found = private_imports()
    new = sorted(found - ALLOWED_PRIVATE)
    assert new == [], "private names imported across modules (make them public or move them):\n" + "\n".join(
        f"  {m} takes {n} from {t}" for m, t, n in new
    )
    stale = sorted(ALLOWED_PRIVATE - found)
    assert stale == [], f"allowed offenders that no longer offend (delete them from ALLOWED_PRIVATE): {stale}"


def test_no_module_reaches_for_another_modules_private_members() -> None:
    found = private_reach()
    new = sorted(found - ALLOWED_REACH)
    assert new == [], "private members used from another module (make them public or move the code):\n" + "\n".join(
        f"  {m} uses .{n}" for m, n in new
    )
    stale = sorted(ALLOWED_REACH - found)
    assert stale == [], f"allowed offenders that no longer offend (delete them from ALLOWED_REACH): {stale}"


def test_no_import_cycle_among_the_modules() -> None:
    graph = module_graph()
    stale = sorted(e for e in ALLOWED_EDGES if e[1] not in graph.get(e[0], set()))
    assert stale == [], f"allowed edges that are gone (delete them from ALLOWED_EDGES): {stale}"
    for source, target in ALLOWED_EDGES:
        graph[source].discard(target)
    found = sorted(cycles(graph), key=min)
    assert found == [], "import cycles:\n" + "\n".join(f"  {_cycle_path(graph, c)}" for c in found)
