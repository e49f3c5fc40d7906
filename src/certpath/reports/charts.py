"""Charts for the HTML report, drawn with Matplotlib as inline SVG (no pyplot, no global state)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from certpath.planning.plan import Plan
from certpath.reports.plan import cost_by_quarter, layer_coverage

LAYER_COLOURS = {1: "#4C78A8", 2: "#F58518", 3: "#54A24B", 4: "#B279A2", 5: "#E45756", 6: "#72B7B2"}
LAYER_NAMES = {
    1: "1 Foundations",
    2: "2 Data",
    3: "3 MLOps",
    4: "4 GenAI/agents",
    5: "5 Governance",
    6: "6 Leadership",
}
#: Above this many people the Gantt shows one row per team instead of one per person.
GANTT_PEOPLE = 40


def _svg(figure: object) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")  # type: ignore[attr-defined]
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _figure(width: float, height: float) -> object:
    import matplotlib as mpl
    from matplotlib.figure import Figure

    mpl.rcParams["svg.fonttype"] = "none"
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["svg.hashsalt"] = "certpath"
    return Figure(figsize=(width, height))


def gantt(plan: Plan) -> str:
    """Bars per member (or per team for big plans), coloured by layer."""
    rows: dict[str, list[tuple[date, date, int, bool]]] = {}
    by_team = len(plan.members) > GANTT_PEOPLE
    names = {m.id: m.name for m in plan.members}
    for a in sorted(plan.assignments, key=lambda a: (a.team, a.member, a.start)):
        key = a.team if by_team else f"{names.get(a.member, a.member)} ({a.member})"
        rows.setdefault(key, []).append((a.start, a.end, a.layer, a.refresh))
    figure = _figure(10, max(2.0, 0.28 * len(rows) + 1.2))
    axis = figure.add_subplot()  # type: ignore[attr-defined]
    from matplotlib.dates import date2num

    for y, (_label, spans) in enumerate(rows.items()):
        for start, end, layer, refresh in spans:
            left = date2num(start)  # type: ignore[no-untyped-call]
            axis.barh(
                y,
                date2num(end) + 1 - left,  # type: ignore[no-untyped-call]
                left=left,
                height=0.6,
                color=LAYER_COLOURS[layer],
                alpha=0.85 if by_team else 1,
                hatch="//" if refresh else None,  # a refresher of a stale layer
            )
    # Names are data: with parse_math on, text between two "$" is read as TeX, and bad TeX fails the report.
    axis.set_yticks(range(len(rows)), labels=list(rows), fontsize=8, parse_math=False)
    axis.invert_yaxis()
    axis.xaxis_date()
    axis.grid(axis="x", alpha=0.3)
    _legend(axis)
    axis.set_title("Schedule by team and layer" if by_team else "Schedule by member and layer", loc="left")
    return _svg(figure)


def _legend(axis: Any) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=LAYER_NAMES[n]) for n, c in LAYER_COLOURS.items()]
    axis.legend(
        handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=6, fontsize=8, frameon=False
    )


def coverage(plan: Plan) -> str:
    """People who have finished each layer, week by week."""
    series = layer_coverage(plan)
    figure = _figure(10, 3.2)
    axis = figure.add_subplot()  # type: ignore[attr-defined]
    from datetime import date as _date

    days = [_date.fromisoformat(day) for day, _ in series]
    for layer, colour in LAYER_COLOURS.items():
        counts = [c[layer] for _, c in series]
        if any(counts):
            axis.step(days, counts, where="post", color=colour, label=LAYER_NAMES[layer], linewidth=2)
    axis.set_ylabel("people done")
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8, frameon=False, ncol=3)
    axis.set_title("Layer coverage over time", loc="left")
    return _svg(figure)


def quarters(plan: Plan) -> str:
    """Spend per quarter, with the quarterly budget as a line when there is one."""
    spend = cost_by_quarter(plan)
    figure = _figure(6, 3)
    axis = figure.add_subplot()  # type: ignore[attr-defined]
    axis.bar(list(spend), list(spend.values()), color="#1F3A5F")
    if plan.quarterly_budget_usd:
        axis.axhline(plan.quarterly_budget_usd, color="#E45756", linestyle="--", label="quarterly budget")
        axis.legend(fontsize=8, frameon=False)
    axis.yaxis.set_major_formatter(lambda value, _: f"${value:,.0f}")
    axis.grid(axis="y", alpha=0.3)
    axis.set_title("Cost by quarter (USD)", loc="left")
    return _svg(figure)
