"""The plan as an Excel workbook: schedule, per person, cost by quarter (real dates, escaped text)."""

from __future__ import annotations

import io
from typing import Any

from certpath.planning.plan import Plan
from certpath.reports.plan import cost_by_quarter
from certpath.reports.plan_files import Rendered, safe_cell

HEADER_FILL = "1F3A5F"


def render_xlsx(plan: Plan) -> Rendered:
    """Three sheets with frozen headers, filters and date-typed cells."""
    from openpyxl import Workbook

    book = Workbook()
    people = {m.id: m for m in plan.members}
    schedule = book.active
    schedule.title = "Schedule"
    rows: list[list[Any]] = [
        [
            a.member,
            people[a.member].name if a.member in people else "",
            a.team,
            a.item,
            a.name,
            a.kind,
            a.layer,
            a.start,
            a.end,
            a.hours,
            a.cost_usd,
            a.cohort or "",
            "yes" if a.refresh else "",
        ]
        for a in sorted(plan.assignments, key=lambda a: (a.start, a.member, a.item))
    ]
    _sheet(
        schedule,
        [
            "Member",
            "Name",
            "Team",
            "Item",
            "Title",
            "Kind",
            "Layer",
            "Start",
            "End",
            "Hours",
            "Cost (USD)",
            "Cohort",
            "Refresh",
        ],
        rows,
    )
    per_person = book.create_sheet("Per person")
    summary = []
    for m in plan.members:
        mine = [a for a in plan.assignments if a.member == m.id]
        layers = ", ".join(str(n) for n in sorted({a.layer for a in mine}))
        finish = max((a.end for a in mine), default=None)
        summary.append(
            [
                m.id,
                m.name,
                m.team,
                m.role,
                m.hours_per_week,
                len(mine),
                layers,
                sum(a.hours for a in mine),
                round(sum(a.cost_usd for a in mine), 2),
                finish,
            ]
        )
    _sheet(
        per_person,
        [
            "Member",
            "Name",
            "Team",
            "Role",
            "Hours/week",
            "Items",
            "Layers",
            "Study hours",
            "Cost (USD)",
            "Finishes",
        ],
        summary,
    )
    quarters = book.create_sheet("Cost by quarter")
    spend = cost_by_quarter(plan)
    _sheet(
        quarters,
        # Quarter rows hold the per-quarter budget and the total row the total one, so the column
        # says "Budget": headed "Quarterly budget", a USD 60,000 total read as 60,000 a quarter.
        ["Quarter", "Cost (USD)", "Budget (USD)"],
        [[q, v, plan.quarterly_budget_usd or ""] for q, v in spend.items()]
        + [["Total", plan.total_cost_usd, plan.budget_usd or ""]],
    )
    out = io.BytesIO()
    book.save(out)
    return "plan.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.getvalue()


def _sheet(sheet: Any, header: list[str], rows: list[list[Any]]) -> None:
    from datetime import date

    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    for row in rows:
        sheet.append([safe_cell(v) if isinstance(v, str) else v for v in row])
    for column, title in enumerate(header, start=1):
        letter = get_column_letter(column)
        width = max([len(title)] + [len(str(r[column - 1])) for r in rows[:500]]) + 2
        sheet.column_dimensions[letter].width = min(width, 48)
        if rows and isinstance(rows[0][column - 1], date):
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
        if "USD" in title:
            for cell in sheet[letter][1:]:
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
