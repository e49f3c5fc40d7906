"""Options for commands that read a roster (plan, roster check, audit) or dated rows (evidence import)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from certpath.roster.model import RosterOptions

ColumnsOption = Annotated[
    Path | None,
    typer.Option(
        "--columns",
        help="YAML map of certpath field to your column header, e.g. 'employee_id: Personnel No'.",
    ),
]
TitlesOption = Annotated[
    Path | None,
    typer.Option("--titles", help="YAML map of job title to role id for titles certpath cannot resolve."),
]
CloudOption = Annotated[
    str,
    typer.Option(
        "--cloud", help="Cloud stack for people whose row has none: aws, azure, gcp, databricks, none."
    ),
]
HoursOption = Annotated[
    float, typer.Option("--hours-per-week", help="Weekly study hours for people whose row has none.")
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict", help="Stop on a job title that matches no role (default: give it the everyone role)."
    ),
]
DateFormatOption = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        help="Format of non-ISO dates in the file, e.g. DD.MM.YYYY or MM/DD/YYYY (default: ISO, or unambiguous).",
    ),
]


def roster_options(
    columns: Path | None,
    titles: Path | None,
    cloud: str,
    hours: float,
    *,
    strict: bool = False,
    date_format: str | None = None,
) -> RosterOptions:
    """RosterOptions from the shared flags (cloud value checked like a roster cell, hours finite)."""
    import math

    from certpath.errors import InputError
    from certpath.roster.model import RosterOptions
    from certpath.roster.values import CellError, parse_cloud

    try:
        stack = parse_cloud(cloud)
    except CellError as error:
        raise InputError(f"--cloud: {error}") from None
    if not math.isfinite(hours):
        raise InputError(f"--hours-per-week {hours}: give a number of hours, for example 4 or 2.5.")
    return RosterOptions(
        cloud=stack,
        hours_per_week=hours,
        columns_file=columns,
        titles_file=titles,
        strict=strict,
        date_format=read_date_format(date_format),
    )


def read_date_format(date_format: str | None) -> str | None:
    """The strptime format a --date-format pattern (DD.MM.YYYY, MM/DD/YYYY or %d.%m.%Y) names."""
    from certpath.roster.values import parse_date_format

    return parse_date_format(date_format)
