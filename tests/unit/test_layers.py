"""Dependencies point inward: frameworks only in interfaces/, SQLAlchemy only in tracking/, OR-Tools
only in planning/optimizer/ (imports under `if TYPE_CHECKING:` are annotations, not dependencies)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "certpath"
FRAMEWORKS = ("fastapi", "starlette", "uvicorn", "typer", "rich")
#: package -> (top-level modules it must not import, except under these sub-packages)
RULES = {
    "fastapi/typer/rich": (FRAMEWORKS, ("interfaces",)),
    "sqlalchemy/alembic": (("sqlalchemy", "alembic"), ("tracking",)),
    "ortools": (("ortools",), ("planning/optimizer",)),
}


def runtime_imports(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    guarded = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


@pytest.mark.parametrize("rule", list(RULES))
def test_imports_point_inward(rule: str) -> None:
    forbidden, allowed_under = RULES[rule]
    broken = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith(allowed_under) or relative.startswith("tracking/migrations"):
            continue
        for line, module in runtime_imports(path):
            if module.split(".")[0] in forbidden or module in forbidden:
                broken.append(f"{relative}:{line} imports {module}")
    assert not broken, "\n".join(broken)
