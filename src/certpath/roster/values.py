"""Turn roster cells into values: yes/no flags, hours, cloud stacks, held credentials with dates."""

from __future__ import annotations

import re
from datetime import date

from certpath.catalogue.model import Catalogue
from certpath.errors import UnknownChoiceError
from certpath.planning.advice import Holding

TRUE = {"yes", "y", "true", "t", "1", "x", "ja", "oui", "si"}
FALSE = {"no", "n", "false", "f", "0", "", "-", "nein", "non"}
CLOUDS = {
    "aws": "aws",
    "amazon": "aws",
    "amazonwebservices": "aws",
    "azure": "azure",
    "microsoft": "azure",
    "microsoftazure": "azure",
    "gcp": "gcp",
    "google": "gcp",
    "googlecloud": "gcp",
    "googlecloudplatform": "gcp",
    "databricks": "databricks",
    "none": "none",
    "neutral": "none",
    "": "none",
}
INACTIVE = {"inactive", "terminated", "leaver", "left", "false", "no", "0"}


class CellError(ValueError):
    """A cell that cannot be read; the message says what a good value looks like."""


def parse_flag(text: str) -> bool:
    """yes/no, true/false, 1/0, x or empty."""
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise CellError(f"'{text}' is not yes or no; write yes, no, true, false, 1 or 0")


def parse_hours(text: str) -> float:
    """Weekly study hours: a number above 0 and at most 80."""
    try:
        hours = float(text.replace(",", "."))
    except ValueError:
        raise CellError(f"'{text}' is not a number of hours; write for example 4 or 2.5") from None
    if not 0 < hours <= 80:
        raise CellError(f"{text} hours per week: give a number above 0 and at most 80")
    return hours


def parse_cloud(text: str) -> str:
    """aws, azure, gcp, databricks or none, from the usual ways of writing them."""
    key = re.sub(r"[^a-z]", "", text.lower())
    if key not in CLOUDS:
        raise CellError(f"'{text}' is not a cloud stack; write aws, azure, gcp, databricks or none")
    return CLOUDS[key]


def parse_date(text: str, *, today: date) -> date:
    """An ISO date (YYYY-MM-DD) that is not in the future."""
    try:
        day = date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise CellError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None
    if day > today:
        raise CellError(f"{day} is in the future (today is {today}); check the date")
    return day


def parse_held(text: str, catalogue: Catalogue, *, today: date) -> tuple[Holding, ...]:
    """'AIF-C01@2025-03-01; AI-102@2024-06-10' into holdings; codes must be catalogue items."""
    holdings = []
    for part in (p.strip() for p in re.split(r"[;|\n]+", text)):
        if not part:
            continue
        code, _, when = part.partition("@")
        try:
            item = catalogue.item(code.strip())
        except UnknownChoiceError as error:
            hint = f" (did you mean '{error.closest}'?)" if error.closest else ""
            raise CellError(f"unknown credential or course '{code.strip()}'{hint}") from None
        earned = parse_date(when, today=today) if when.strip() else None
        holdings.append(Holding(item.id, earned))
    return tuple(holdings)


def is_inactive(text: str) -> bool:
    """True for a status cell that marks a leaver (inactive, terminated, ...)."""
    return text.strip().lower() in INACTIVE
