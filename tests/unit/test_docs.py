"""Every command and option of the CLI is documented in the README (as datasette's test_docs does)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from certpath.interfaces.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def commands(group: Any, prefix: str = "certpath") -> list[tuple[str, Any]]:
    """(`certpath sub command`, command) for every leaf command, sub-commands included."""
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):  # a group (typer vendors its own click)
            found.extend(commands(command, path))
        else:
            found.append((path, command))
    return found


COMMANDS = commands(typer.main.get_group(app))


def test_the_cli_has_the_commands_this_test_walks() -> None:
    assert len(COMMANDS) >= 30


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_and_option_is_in_the_readme(path: str, command: Any) -> None:
    # The commands table writes a group's sub-commands as `certpath db upgrade|status|…`.
    *group, leaf = path.split(" ")
    listed = re.search(rf"`{re.escape(' '.join(group))} [^`]*\b{re.escape(leaf)}\b", README)
    assert listed, f"`{path}` is not in the README's commands"
    missing = [
        option
        for param in command.params
        for option in param.opts
        if option.startswith("--")
        and option != "--help"
        and not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README)
    ]
    assert not missing, f"`{path}`: options {missing} are not in the README"
