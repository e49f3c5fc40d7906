"""Writing results: JSON for machines, Rich tables for people."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class Format(enum.StrEnum):
    table = "table"
    json = "json"


def write_json(payload: Any) -> None:
    """Print JSON to stdout with stable key order; never NaN or Infinity (they are not JSON)."""
    from certpath.errors import InputError

    try:
        text = json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise InputError("The answer holds a number that is not finite; check the numbers given.") from None
    sys.stdout.write(text + "\n")


def write_file(path: Path, data: bytes) -> None:
    """Write an output file whole (via a .partial file), or say why it cannot be written."""
    from certpath.errors import InputError

    if not path.parent.is_dir():
        raise InputError(
            f"--out {path}: the folder {path.parent} does not exist; create it or choose another."
        )
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(
            f"--out {path}: cannot write ({error.strerror}); choose a file you may write."
        ) from None


def console(*, stderr: bool = False) -> Console:
    """A Rich console on stdout, or stderr for progress (imported only when a table is printed)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, stderr=stderr)


def plain(value: object) -> str:
    """Stored text for a Rich table cell: brackets printed as written, never read as markup.

    A name such as "Ann [/] Lee" would otherwise be taken for a closing tag and stop the command.
    """
    from rich.markup import escape

    return escape(str(value))


def money(value: float | None) -> str:
    return "unknown" if value is None else f"${value:,.0f}" if value == int(value) else f"${value:,.2f}"
