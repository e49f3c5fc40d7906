"""The training matrix workbook: people x layers, each cell the date action is due, coloured by Excel itself.

Cells hold real dates; conditional formatting compares them with TODAY(), so the colours stay
right whenever the file is opened: green more than 90 days away, amber within 90 days, red past.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from certpath.reports.plan_files import Rendered, safe_cell

if TYPE_CHECKING:
    from certpath.reports.progress import StatusReport

GREEN, AMBER, RED, GREY = "C6EFCE", "FFEB9C", "FFC7CE", "EDEDED"
LAYERS = range(1, 7)
FIRST_ROW = 2


def render_matrix(report: StatusReport) -> Rendered:
    """Matrix, Data (long format) and Legend sheets."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule, FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Matrix"
    header = ["Employee id", "Name", "Team", "Role", *(f"Layer {n}" for n in LAYERS)]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for person, layers in report.people:
        by_layer = {s.layer: s for s in layers}
        cells: list[object] = [
            safe_cell(person.id),
            safe_cell(person.name),
            safe_cell(person.team),
            safe_cell(person.role),
        ]
        for layer in LAYERS:
            status = by_layer.get(layer)
            cells.append(
                "n/a"
                if status is None
                else "missing"
                if status.next_date is None or status.state == "missing"
                else status.next_date
            )
        sheet.append(cells)
    last = FIRST_ROW + len(report.people) - 1
    first_col, last_col = get_column_letter(5), get_column_letter(4 + len(LAYERS))
    area = f"{first_col}{FIRST_ROW}:{last_col}{max(last, FIRST_ROW)}"
    fill = {
        name: PatternFill(start_color=c, end_color=c, fill_type="solid")
        for name, c in (("green", GREEN), ("amber", AMBER), ("red", RED), ("grey", GREY))
    }
    top = f"{first_col}{FIRST_ROW}"
    sheet.conditional_formatting.add(
        area, FormulaRule(formula=[f'{top}="n/a"'], fill=fill["grey"], stopIfTrue=True)
    )
    sheet.conditional_formatting.add(
        area, FormulaRule(formula=[f'{top}="missing"'], fill=fill["red"], stopIfTrue=True)
    )
    sheet.conditional_formatting.add(
        area, CellIsRule(operator="lessThan", formula=["TODAY()"], fill=fill["red"])
    )
    sheet.conditional_formatting.add(
        area, CellIsRule(operator="between", formula=["TODAY()", "TODAY()+90"], fill=fill["amber"])
    )
    sheet.conditional_formatting.add(
        area, CellIsRule(operator="greaterThan", formula=["TODAY()+90"], fill=fill["green"])
    )
    for row in sheet.iter_rows(min_row=FIRST_ROW, min_col=5, max_col=4 + len(LAYERS)):
        for cell in row:
            if not isinstance(cell.value, str):
                cell.number_format = "yyyy-mm-dd"
    summary = last + 1
    sheet.cell(summary, 1, "% compliant").font = Font(bold=True)
    for index in range(5, 5 + len(LAYERS)):
        col = get_column_letter(index)
        span = f"{col}{FIRST_ROW}:{col}{max(last, FIRST_ROW)}"
        formula = f'=IFERROR(COUNTIF({span},">="&TODAY())/(ROWS({span})-COUNTIF({span},"n/a")),"")'
        cell = sheet.cell(summary, index, formula)
        cell.number_format = "0%"
        cell.font = Font(bold=True)
    sheet.freeze_panes = "E2"
    sheet.auto_filter.ref = f"A1:{last_col}{max(last, FIRST_ROW)}"
    for index, width in enumerate((12, 24, 22, 20, *(12,) * len(LAYERS)), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # Printed or exported to PDF: landscape, all columns on one page wide, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    _data_sheet(book, report)
    _legend_sheet(book, report, fill)
    out = io.BytesIO()
    book.save(out)
    return (
        "training-matrix.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        out.getvalue(),
    )


def _data_sheet(book: object, report: StatusReport) -> None:
    sheet = book.create_sheet("Data")  # type: ignore[attr-defined]
    sheet.append(
        [
            "Employee id",
            "Name",
            "Team",
            "Layer",
            "State",
            "Last evidence",
            "Valid until",
            "Freshness",
            "Verified",
            "Next action",
            "Due",
        ]
    )
    for person, layers in report.people:
        for s in layers:
            sheet.append(
                [
                    safe_cell(person.id),
                    safe_cell(person.name),
                    safe_cell(person.team),
                    s.layer,
                    s.state,
                    s.last_evidence,
                    s.valid_until,
                    s.freshness,
                    "yes" if s.verified else "no",
                    s.next_action,
                    s.next_date,
                ]
            )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column_letter in ("F", "G", "K") and cell.value is not None:
                cell.number_format = "yyyy-mm-dd"


def _legend_sheet(book: object, report: StatusReport, fill: dict[str, object]) -> None:
    sheet = book.create_sheet("Legend")  # type: ignore[attr-defined]
    rows = [
        (
            "green",
            "A date more than 90 days away: current. The date is the next one that matters: a refresh"
            " falling due, a renewal, or the last day the layer holds.",
        ),
        ("amber", "A date within the next 90 days: renew or refresh soon."),
        ("red", "A date in the past, or 'missing': expired, stale or never done."),
        ("grey", "n/a: the person's role does not need this layer."),
    ]
    sheet.append(["Colour", "Meaning"])
    for name, meaning in rows:
        sheet.append([name, meaning])
        sheet.cell(sheet.max_row, 1).fill = fill[name]
    sheet.append([])
    sheet.append(["Policy", report.policy])
    sheet.append(["Made on", report.today])
    sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
    sheet.append(
        ["Freshness", "0.5 ** (months since the last evidence / 6): a skill's half-life is six months."]
    )
    sheet.append(
        ["Colours", "Excel's conditional formatting compares with TODAY(), so they stay right later."]
    )
    sheet.column_dimensions["B"].width = 90
