"""Options for commands that read a roster (plan, roster check, audit)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from certpath.roster.importer import RosterOptions

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


def roster_options(columns: Path | None, titles: Path | None, cloud: str, hours: float) -> RosterOptions:
    """RosterOptions from the shared flags (cloud value checked like a roster cell)."""
    from certpath.errors import InputError
    from certpath.roster.importer import RosterOptions
    from certpath.roster.values import CellError, parse_cloud

    try:
        stack = parse_cloud(cloud)
    except CellError as error:
        raise InputError(f"--cloud: {error}") from None
    return RosterOptions(cloud=stack, hours_per_week=hours, columns_file=columns, titles_file=titles)
