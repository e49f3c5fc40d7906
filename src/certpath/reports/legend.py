"""The one legend of where a person stands on a layer: the words, symbols and colours every page,
report and CLI table uses, so that "held" or "stale" mean the same thing wherever they are shown.

The standings come from the coverage model's ladder (catalogue/coverage.py `stage`): held, then
refresh due (still held) from six months, stale (no longer held, the refresh overdue) from twelve,
expired; "not-needed" is a layer the person's role, flags and policy do not ask for. Only a layer
that is not held is ever called overdue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from certpath.catalogue.coverage import Stage

Mark = Literal["held", "refresh-due", "stale", "expired", "missing", "not-needed"]


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """How one standing is named, explained, drawn and coloured."""

    mark: Mark
    word: str
    meaning: str
    symbol: str
    colour: str  # text colour on the dashboard and in the HTML report
    background: str
    terminal: str  # Rich style of the CLI tables


LEGEND: tuple[LegendEntry, ...] = (
    LegendEntry(
        "held",
        "held",
        "unexpired evidence at the depth needed, the latest under six months old",
        "✓",
        "#ffffff",
        "#106b2f",
        "bold green",
    ),
    LegendEntry(
        "refresh-due",
        "refresh due",
        "still held and counted, but the latest evidence is over six months old: refresh it within twelve",
        "◔",
        "#0b3d1c",
        "#c6ecd0",
        "green",
    ),
    LegendEntry(
        "stale",
        "stale",
        "no longer held: the latest evidence is over twelve months old, its refresh overdue",
        "↻",
        "#5c3200",
        "#f5c26b",
        "bold yellow",
    ),
    LegendEntry(
        "expired",
        "expired",
        "the credential's validity has ended: renew or retake it",
        "!",
        "#ffffff",
        "#6e2a8f",
        "bold magenta",
    ),
    LegendEntry(
        "missing", "missing", "no evidence at the depth needed", "✗", "#ffffff", "#a1170d", "bold red"
    ),
    LegendEntry(
        "not-needed",
        "not needed",
        "the person's role and the policy do not ask for this layer",
        "\u2013",  # an en dash
        "#5b6472",
        "#eef0f3",
        "dim",
    ),
)

_BY_MARK = {entry.mark: entry for entry in LEGEND}


def legend_entry(mark: Mark | Stage) -> LegendEntry:
    """The legend entry of a stage (held, refresh due, stale, expired, missing) or of `not-needed`."""
    return _BY_MARK[mark]


def terminal_mark(mark: Mark | Stage) -> str:
    """The symbol and word in Rich markup, as the CLI tables print a standing."""
    entry = legend_entry(mark)
    return f"[{entry.terminal}]{entry.symbol} {entry.word}[/]"


def terminal_legend() -> str:
    """The legend in one line of Rich markup, printed under the CLI tables that use it."""
    return "  ".join(f"{terminal_mark(e.mark)}: {e.meaning}" for e in LEGEND)


def claimed_note(policy: str) -> str:
    """Why a layer held on claimed evidence is not counted: its policy counts verified evidence only (VERIFIED-LAYERS)."""
    return f"claimed, not counted under the {policy} policy"


def percent(freshness: float) -> str:
    """Freshness as a whole percentage, rounded down: 0.249 is 24%, never the 25% that still holds."""
    return f"{math.floor(round(freshness * 100, 6))}%"
