"""Options shared by several commands, and parsing that turns bad values into InputError."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from certpath.errors import InputError
from certpath.interfaces.cli.clock import command_today
from certpath.interfaces.cli.output import Format

if TYPE_CHECKING:
    from certpath.catalogue.model import Catalogue

OverlayOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--overlay",
        help="Overlay YAML that adds or overrides catalogue entries (repeatable).",
        show_default=False,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option("--today", help="Planning date YYYY-MM-DD (default: today).", show_default=False),
]
FormatOption = Annotated[Format, typer.Option("--format", help="Output format.")]


#: Dates a plan can start or be judged on: later ones overflow the calendar within a plan's span.
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2199, 12, 31)


def parse_today(text: str | None, *, option: str = "--today") -> date:
    """The planning date: the given YYYY-MM-DD, or the date when the command started.
    `option` names the option the text came from in an error."""
    if text is None:
        return command_today()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{option} '{text}': write the date as YYYY-MM-DD, for example 2026-11-22."
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(
            f"{option} '{text}' is outside {FIRST_DAY.year}-{LAST_DAY.year}; give a date a plan can run on."
        )
    return day


def load(overlays: list[Path] | None, catalogue_dir: Path | None = None) -> Catalogue:
    """The catalogue with settings from the environment plus command-line overlays."""
    from certpath.bootstrap import open_catalogue
    from certpath.config import Settings

    return open_catalogue(Settings.from_env(), overlays=overlays or (), catalogue_dir=catalogue_dir)
