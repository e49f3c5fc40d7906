"""The one legend of where a person stands on a layer: the words, symbols and colours every page,
report and CLI table uses, so that "held" or "stale" mean the same thing wherever they are shown.

The standings come from the coverage model (catalogue/coverage.py); "not-needed" is a layer the
person's role, flags and policy do not ask for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from certpath.catalogue.coverage import Standing

Mark = Literal["held", "stale", "expired", "missing", "not-needed"]


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
        "fresh and unexpired evidence at the depth needed",
        "✓",
        "#ffffff",
        "#106b2f",
        "bold green",
    ),
    LegendEntry(
        "stale",
        "stale",
        "unexpired, but the latest evidence is more than twelve months old: refresh it",
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


def legend_entry(mark: Mark | Standing) -> LegendEntry:
    """The legend entry of a standing (held, stale, expired, missing) or of `not-needed`."""
    return _BY_MARK[mark]


def terminal_mark(mark: Mark | Standing) -> str:
    """The symbol and word in Rich markup, as the CLI tables print a standing."""
    entry = legend_entry(mark)
    return f"[{entry.terminal}]{entry.symbol} {entry.word}[/]"


def terminal_legend() -> str:
    """The legend in one line of Rich markup, printed under the CLI tables that use it."""
    return "  ".join(f"{terminal_mark(e.mark)}: {e.meaning}" for e in LEGEND)


def percent(freshness: float) -> str:
    """Freshness as a whole percentage, rounded down: 0.249 is 24%, never the 25% that still holds."""
    return f"{math.floor(round(freshness * 100, 6))}%"
