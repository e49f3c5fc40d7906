"""Writing results: JSON for machines, Rich tables for people."""

from __future__ import annotations

import enum
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class Format(enum.StrEnum):
    table = "table"
    json = "json"


def write_json(payload: Any) -> None:
    """Print JSON to stdout with stable key order."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def console(*, stderr: bool = False) -> Console:
    """A Rich console on stdout, or stderr for progress (imported only when a table is printed)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, stderr=stderr)


def money(value: float | None) -> str:
    return "unknown" if value is None else f"${value:,.0f}" if value == int(value) else f"${value:,.2f}"
