"""The self-contained HTML plan report: summary, Gantt, coverage, cost by quarter, findings."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from certpath import __version__
from certpath.catalogue.model import Catalogue
from certpath.kernel import how_many
from certpath.planning.horizon import horizon_report
from certpath.planning.plan import Plan
from certpath.planning.plan_quality import plan_quality
from certpath.planning.team_audit import member_cells
from certpath.planning.team_model import BUS_FACTOR
from certpath.reports import charts
from certpath.reports.legend import LEGEND, LegendEntry, legend_entry
from certpath.reports.plan import cost_by_quarter
from certpath.reports.plan_files import Rendered
from certpath.roster.model import Roster

#: Members the report's "where the team stands" grid lists (the rest are counted).
STANDING_ROWS = 300


def render_html(plan: Plan, catalogue: Catalogue) -> Rendered:
    """One HTML file with inline SVG charts and CSS: it opens offline and can be mailed."""
    # Escape everything printed, whatever the template's suffix (select_autoescape skips `.html.j2`).
    env = Environment(autoescape=True, loader=PackageLoader("certpath.reports", "templates"))
    env.filters["how_many"] = how_many
    severity = {"error": 0, "warning": 1, "info": 2}
    people = {m.id: m for m in plan.members}
    horizon = horizon_report(plan)
    html = env.get_template("plan.html.j2").render(
        plan=plan,
        version=__version__,
        catalogue=catalogue,
        people=people,
        layer_names=charts.LAYER_NAMES,
        layer_colours=charts.LAYER_COLOURS,
        spend=cost_by_quarter(plan),
        quality=plan_quality(plan),
        bus_factor=BUS_FACTOR,
        horizon=horizon,
        reasons={
            r: sum(1 for g in horizon.not_done if g.reason == r) for r in ("budget", "hours", "sequencing")
        },
        findings=sorted(plan.findings, key=lambda f: severity.get(f.severity, 3)),
        counts={s: sum(1 for f in plan.findings if f.severity == s) for s in severity},
        # Matplotlib writes the SVG and escapes every text in it (names, labels) itself.
        gantt=Markup(charts.gantt(plan)),
        coverage=Markup(charts.coverage(plan)),
        quarters=Markup(charts.quarters(plan)),
        layer_people={n: len({a.member for a in plan.assignments if a.layer == n}) for n in range(1, 7)},
        standings=standings(plan, catalogue),
        legend=LEGEND,
        standing_rows=STANDING_ROWS,
        deliveries=deliveries(plan, catalogue),
    )
    return "plan.html", "text/html", html.encode("utf-8")


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """How one course is bought in the plan: one row per course, delivery and variant."""

    item: str
    name: str
    delivery: str
    programme: str  # the variant's programme and provider ("" when the plan names none)
    url: str  # the variant's https address ("" otherwise)
    people: int
    cost_usd: float


def deliveries(plan: Plan, catalogue: Catalogue) -> list[DeliveryRow]:
    """Each course the plan buys, by delivery and variant: where to book it, for how many, at what cost."""
    groups: dict[tuple[str, str, str], list[float]] = {}
    names: dict[str, str] = {}
    for a in plan.assignments:
        if a.kind == "course":
            groups.setdefault((a.item, a.delivery, a.variant), []).append(a.cost_usd)
            names[a.item] = a.name
    rows = []
    for (item, delivery, variant_id), costs in sorted(groups.items()):
        course = catalogue.courses.get(item)
        variant = next((v for v in course.variants if v.id == variant_id), None) if course else None
        programme = f"{variant.programme}, {variant.provider}" if variant else ""
        url = variant.url if variant and variant.url.startswith("https://") else ""
        rows.append(
            DeliveryRow(item, names[item], delivery, programme, url, len(costs), round(sum(costs), 2))
        )
    return rows


def standings(plan: Plan, catalogue: Catalogue) -> list[tuple[str, tuple[LegendEntry, ...]]]:
    """Each member's standing on every layer on the plan's first day, by the coverage model, as legend entries."""
    members = plan.members[:STANDING_ROWS]
    cells = member_cells(catalogue, Roster("plan", members, {}), today=plan.start, policy=plan.policy)
    absent = legend_entry("not-needed")
    return [
        (m.name, tuple(legend_entry(cells[(m.id, n)]) if (m.id, n) in cells else absent for n in range(1, 7)))
        for m in members
    ]
