"""View models for the pages: the heatmap grid and the Gantt bars, computed once in Python."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from certpath.reports.legend import LegendEntry, legend_entry

LAYERS = range(1, 7)
#: Month labels on a Gantt's axis, at most (they must fit a phone).
MAX_TICKS = 6
#: A link the pages may render: http(s) with a host and nothing a browser would strip or reinterpret
#: (spaces and control characters are how `java\tscript:` and friends slip past a looser check).
WEB_LINK = re.compile(r"https?://[^\s\x00-\x1f\x7f/?#][^\s\x00-\x1f\x7f]*", re.IGNORECASE)


def web_link(url: str | None) -> str | None:
    """`url` when it is safe to put in an href (an http or https address), else None."""
    return url if url and WEB_LINK.fullmatch(url) else None


@dataclass(frozen=True)
class HeatRow:
    person: str
    name: str
    cells: tuple[LegendEntry, ...]  # per layer: held, refresh due, stale, expired, missing or not-needed


def heatmap(cells: Iterable[Any], names: dict[str, str]) -> list[HeatRow]:
    """One row per person, one legend entry per layer, from the gaps report's member cells."""
    grid: dict[str, dict[int, LegendEntry]] = {}
    for cell in cells:
        grid.setdefault(cell.person, {})[cell.layer] = legend_entry(cell.mark)
    absent = legend_entry("not-needed")
    return [
        HeatRow(person, names.get(person, person), tuple(layers.get(n, absent) for n in LAYERS))
        for person, layers in sorted(grid.items(), key=lambda kv: names.get(kv[0], kv[0]))
    ]


@dataclass(frozen=True)
class Bar:
    member: str
    label: str
    layer: int
    start: str
    end: str
    left: float  # percent of the chart's width
    width: float


def gantt(
    assignments: Sequence[dict[str, Any]], names: dict[str, str]
) -> tuple[list[tuple[str, list[Bar]]], list[str]]:
    """Bars per member (percent offsets over the plan's span) and month ticks for the axis."""
    if not assignments:
        return [], []
    first = min(date.fromisoformat(a["start"]) for a in assignments)
    last = max(date.fromisoformat(a["end"]) for a in assignments)
    span = max((last - first).days + 1, 1)
    rows: dict[str, list[Bar]] = {}
    for a in sorted(assignments, key=lambda a: (a["start"], a["item"])):
        start, end = date.fromisoformat(a["start"]), date.fromisoformat(a["end"])
        left = 100 * (start - first).days / span
        width = max(100 * ((end - start).days + 1) / span, 1.5)
        rows.setdefault(a["member"], []).append(
            Bar(
                a["member"],
                a["item"] + (" (refresh)" if a.get("refresh") else ""),
                int(a["layer"]),
                a["start"],
                a["end"],
                round(left, 2),
                round(min(width, 100 - left), 2),
            )
        )
    ticks = []
    month = date(first.year, first.month, 1)
    while month <= last:
        ticks.append(month.strftime("%b %Y"))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    step = -(-len(ticks) // MAX_TICKS)  # every month up to MAX_TICKS, then every second, third...
    ticks = ticks[::step]
    ordered = sorted(rows.items(), key=lambda kv: names.get(kv[0], kv[0]))
    return [(names.get(member, member), bars) for member, bars in ordered], ticks
