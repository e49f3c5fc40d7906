"""Turn roster cells into values: yes/no flags, hours, cloud stacks, held credentials with dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, UnknownChoiceError
from certpath.kernel import Holding

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
#: Status cells that mark someone who is not (or no longer) working: never planned.
INACTIVE = {
    "inactive",
    "terminated",
    "leaver",
    "left",
    "false",
    "no",
    "0",
    "suspended",
    "deprovisioned",
    "disabled",
    "deactivated",
    "archived",
    "withdrawn",
    "offboarded",
    "former",
    "formeremployee",
    "inaktiv",
    "ausgeschieden",
    "deleted",
    "retired",
    "exited",
    "dismissed",
}
#: Account types that are not people: guests, services, rooms.
NOT_PEOPLE = {"guest", "service", "serviceaccount", "system", "bot", "resource", "room", "sharedmailbox"}
#: Mailbox or login names of accounts that are not people (svc-backup@, noreply@, ci-bot@).
SERVICE_LOGIN = re.compile(
    r"^(svc|service|noreply|no-reply|donotreply|do-not-reply|bot)([-_.]|@)|^(admin|system|root)@|[-_.](bot|svc)@",
    re.IGNORECASE,
)
#: Excel's day zero (its serial dates count from here, the 1900 leap-year bug included).
EXCEL_EPOCH = date(1899, 12, 30)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d{3})+$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")


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


def parse_number(text: str, *, what: str) -> float:
    """A plain decimal number (point or comma); thousands separators, NaN and infinity refused."""
    value = text.strip()
    if _THOUSANDS.match(value) and "," in value:
        raise CellError(
            f"'{text}' has a thousands separator certpath cannot read safely; write {what} without it"
        )
    if not _NUMBER.match(value):
        raise CellError(f"'{text}' is not a number; write {what} as digits, for example 4 or 2.5")
    return float(value.replace(",", "."))


def parse_hours(text: str) -> float:
    """Weekly study hours: a number above 0 and at most 80."""
    value = text.strip()
    if re.match(r"^\d{1,3}[.,]\d{3}$", value):
        raise CellError(f"'{text}' looks like a thousands separator; write the hours per week, for example 4")
    hours = parse_number(text, what="the hours per week")
    if not 0 < hours <= 80:
        raise CellError(f"{text} hours per week: give a number above 0 and at most 80")
    return hours


def parse_cloud(text: str) -> str:
    """aws, azure, gcp, databricks or none; with several ('AWS / GCP'), the first one listed."""
    return parse_clouds(text)[0]


def parse_clouds(text: str) -> tuple[str, ...]:
    """Every cloud stack named in a cell, in order: 'AWS / GCP', 'aws, azure', 'AWS & Azure'."""
    parts = [p for p in re.split(r"\s*(?:[/,;|&+]|\band\b)\s*", text.strip(), flags=re.IGNORECASE) if p]
    stacks = []
    for part in parts or [""]:
        key = re.sub(r"[^a-z]", "", part.lower())
        if key not in CLOUDS:
            raise CellError(f"'{part}' is not a cloud stack; write aws, azure, gcp, databricks or none")
        stacks.append(CLOUDS[key])
    return tuple(dict.fromkeys(stacks))


def parse_date(text: str, *, today: date, date_format: str | None = None) -> date:
    """A whole ISO date, a date in `date_format`, an unambiguous day-first date or an Excel serial."""
    day = read_date(text, date_format=date_format)
    if day > today:
        raise CellError(f"{day} is in the future (today is {today}); check the date")
    return day


def read_date(text: str, *, date_format: str | None = None) -> date:
    """A date cell of any file certpath reads (rosters, completion CSVs), past or future.

    ISO dates and date-times (also beside `date_format`), `date_format` when given, Excel serials, and day/month dates whose
    order is plain (dots, or a part above 12); '11/04/2026' is refused until --date-format says which.
    """
    value = text.strip()
    if date_format and not _ISO.match(value):  # an ISO date is plain whatever the file's format
        try:
            return datetime.strptime(value, strptime_format(date_format)).date()
        except ValueError:
            raise CellError(f"'{value}' is not a date in the format {date_format}") from None
    if _ISO.match(value):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            raise CellError(
                f"'{value}' is not a date (no such day or time); write it as YYYY-MM-DD"
            ) from None
    if value.isdigit() and 20000 <= int(value) <= 80000:
        return EXCEL_EPOCH + timedelta(days=int(value))
    return _day_first(value)


def day_order(text: str) -> str | None:
    """'day/month' or 'month/day' when a slash or dash date shows its order (one part above 12),
    else None (ISO, dots, serials, or both parts 12 or under)."""
    match = _DMY.match(text.strip())
    if not match or match[2] == ".":
        return None
    first, second = int(match[1]), int(match[3])
    if first > 12 >= second:
        return "day/month"
    if second > 12 >= first:
        return "month/day"
    return None


def _day_first(value: str) -> date:
    match = _DMY.match(value)
    if not match:
        raise CellError(f"'{value}' is not a date; write it as YYYY-MM-DD (or give --date-format)")
    first, separator, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
    if separator != "." and first <= 12 and second <= 12 and first != second:
        us, european = separator.join(("MM", "DD", "YYYY")), separator.join(("DD", "MM", "YYYY"))
        raise CellError(
            f"'{value}' could be day/month or month/day; give --date-format {us} (or {european}), "
            "or write it as YYYY-MM-DD"
        )
    # dots are day-first everywhere they are used; a value above 12 shows which one is the day
    day, month = (second, first) if separator != "." and second > 12 else (first, second)
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"'{value}' is not a date (no such day); write it as YYYY-MM-DD") from None


def parse_date_format(pattern: str | None, *, option: str = "--date-format") -> str | None:
    """The strptime format a date pattern names (DD.MM.YYYY, MM/DD/YYYY or %d.%m.%Y), or None."""
    if pattern is None or not pattern.strip():
        return None
    if not re.search(r"%[dmyY]|DD|MM|YY", pattern):
        raise InputError(f"{option} '{pattern}': give a pattern such as DD.MM.YYYY, MM/DD/YYYY or %d.%m.%Y.")
    return strptime_format(pattern)


def strptime_format(date_format: str) -> str:
    """'DD.MM.YYYY' or '%d.%m.%Y' as a strptime format."""
    if "%" in date_format:
        return date_format
    for token, code in (("YYYY", "%Y"), ("MM", "%m"), ("DD", "%d"), ("YY", "%y")):
        date_format = date_format.replace(token, code)
    return date_format


@dataclass(frozen=True)
class HeldCell:
    """A held-credentials cell: catalogue holdings, and codes the catalogue does not know."""

    holdings: tuple[Holding, ...]
    others: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def parse_held(text: str, catalogue: Catalogue, *, today: date, date_format: str | None = None) -> HeldCell:
    """'AIF-C01@2025-03-01; DP-203@2023-05-10': every code read; unknown ones kept as others."""
    holdings, others, notes, errors = [], [], [], []
    for part in (p.strip() for p in re.split(r"[;|\n]+", text)):
        if not part:
            continue
        code, _, when = (s.strip() for s in part.partition("@"))
        try:
            earned = parse_date(when, today=today, date_format=date_format) if when else None
        except CellError as error:
            errors.append(f"{code}: {error}")
            continue
        try:
            holdings.append(Holding(catalogue.item(code).id, earned))
        except UnknownChoiceError as error:
            hint = f" (did you mean '{error.closest}'?)" if error.closest else ""
            others.append(code)
            notes.append(f"'{code}' is not in the catalogue{hint}; kept as another credential")
    if errors:
        raise CellError("; ".join(errors))
    return HeldCell(tuple(holdings), tuple(others), tuple(notes))


def is_inactive(text: str) -> bool:
    """True for a status cell that marks a leaver (inactive, terminated, ...)."""
    return re.sub(r"[^a-z0-9]", "", text.lower()) in INACTIVE


def is_not_person(user_type: str, *logins: str) -> bool:
    """True for guest, service and other non-person accounts (by type, '#EXT#' or login name)."""
    if re.sub(r"[^a-z]", "", user_type.lower()) in NOT_PEOPLE:
        return True
    return any("#EXT#" in login.upper() or SERVICE_LOGIN.search(login) for login in logins if login)
