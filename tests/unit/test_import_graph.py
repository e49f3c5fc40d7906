"""The import graph of certpath's own modules: no cycles, and every edge one the layers allow.

Dependencies point inward (shared/DESIGN.md, "Architecture"):

    __main__ -> interfaces.cli
    interfaces.server -> interfaces.api, interfaces.web -> interfaces.http
    interfaces.* -> services, bootstrap, reports, accounts, the domain packages
    services -> reports, accounts, bootstrap, the domain packages
    reports -> planning, tracking, roster, catalogue          (renderers; never a service)
    accounts -> tracking                                      (a user's scope is a tracking Scope)
    planning -> roster -> catalogue;  tracking -> roster -> catalogue
    everything -> errors, kernel (Holding, Finding), config, certpath (the version)

The API and the dashboard share only interfaces.http; nothing outside interfaces imports them;
the CLI imports no HTTP module. Every import counts: module-level, inside functions, and under
`if TYPE_CHECKING:` (a type is a dependency too).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
BASE = frozenset({"certpath", "errors", "kernel", "config"})
DOMAIN = frozenset({"catalogue", "roster", "planning", "tracking"})
INNER = BASE | DOMAIN | {"reports", "accounts", "services", "bootstrap"}
#: part -> the other parts it may import
ALLOWED: dict[str, frozenset[str]] = {
    "certpath": frozenset(),
    "errors": frozenset(),
    "kernel": frozenset(),
    "config": frozenset({"errors"}),
    "catalogue": BASE,
    "roster": BASE | {"catalogue"},
    "planning": BASE | {"catalogue", "roster"},
    "tracking": BASE | {"catalogue", "roster"},
    "accounts": BASE | {"tracking"},
    "reports": BASE | DOMAIN,
    "bootstrap": BASE | {"catalogue"},
    "services": BASE | DOMAIN | {"reports", "accounts", "bootstrap"},
    "interfaces": frozenset(),
    "interfaces.http": INNER,
    "interfaces.api": INNER | {"interfaces.http"},
    "interfaces.web": INNER | {"interfaces.http"},
    "interfaces.cli": INNER,
    "interfaces.server": BASE | {"interfaces.http", "interfaces.api", "interfaces.web"},
    "__main__": frozenset({"interfaces.cli"}),
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "certpath").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if "migrations" not in parts:
            found[".".join(parts)] = path
    return found


def part(module: str) -> str:
    """The layer a module belongs to: its package under certpath (interfaces split by interface)."""
    names = module.split(".")[1:] or ["certpath"]
    if names[0] == "interfaces" and len(names) > 1:
        return f"interfaces.{names[1]}"
    return names[0]


def imports(module: str, path: Path, known: set[str]) -> Iterator[tuple[int, str]]:
    """(line, certpath module) for every import in the file, at any depth."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                yield node.lineno, target


def graph() -> dict[str, dict[str, int]]:
    found = modules()
    edges: dict[str, dict[str, int]] = defaultdict(dict)
    for module, path in found.items():
        for line, target in imports(module, path, set(found)):
            edges[module].setdefault(target, line)
    return edges


def test_every_part_has_a_rule() -> None:
    assert {part(m) for m in modules()} <= set(ALLOWED)


def test_every_import_is_an_edge_the_layers_allow() -> None:
    broken = [
        f"{module}:{line} imports {target} ({part(module)} -> {part(target)})"
        for module, targets in graph().items()
        for target, line in targets.items()
        if part(target) != part(module) and part(target) not in ALLOWED[part(module)]
    ]
    assert not broken, "\n".join(broken)


def test_there_are_no_import_cycles() -> None:
    edges = graph()
    cycles = [sorted(group) for group in strongly_connected(edges) if len(group) > 1]
    assert not cycles, cycles


def strongly_connected(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the groups of modules that import one another."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, {}))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    groups.append(group)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, {})))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def test_the_checks_catch_what_they_should() -> None:
    """The rules bite: a reverse edge is refused and a two-module cycle is found."""
    assert "services" not in ALLOWED["reports"] and "interfaces.api" not in ALLOWED["interfaces.web"]
    assert "planning" not in ALLOWED["roster"] and "interfaces.http" not in ALLOWED["interfaces.cli"]
    cyclic = {"a": {"b": 1}, "b": {"a": 1}, "c": {"a": 1}}
    assert sorted(sorted(g) for g in strongly_connected(cyclic) if len(g) > 1) == [["a", "b"]]
    assert part("certpath.interfaces.web.pages") == "interfaces.web" and part("certpath") == "certpath"


def test_only_interfaces_open_the_sql_unit_of_work() -> None:
    """Services take a UnitOfWork (the port); the adapter is chosen where the clock is read."""
    adapter = "certpath.tracking.unit_of_work"
    users = sorted(m for m, targets in graph().items() if adapter in targets and m != adapter)
    assert users and all(part(m).startswith("interfaces.") for m in users), users
