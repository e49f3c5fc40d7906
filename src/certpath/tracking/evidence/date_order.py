"""One date order per file: the first slash or dash date that shows its order sets the file's.

Dates are read one cell at a time, so '11/14/2026' on one row and '14/11/2026' on another would
both be read, each its own way. A file has one order: a later date in the other order is
refused, naming the first, and a date that could be read either way is told the order seen.
"""

from __future__ import annotations

from dataclasses import dataclass

from certpath.roster.values import day_order

#: What `read_date` says of a date that could be read either way.
AMBIGUOUS = "could be day/month or month/day"


@dataclass(frozen=True, slots=True)
class _Seen:
    order: str  # day/month | month/day
    line: int
    key: str  # the header of its column
    text: str

    @property
    def pattern(self) -> str:
        return "DD/MM/YYYY" if self.order == "day/month" else "MM/DD/YYYY"


class FileDateOrder:
    """The order the file's dates have shown so far, and what to say of a date against it."""

    def __init__(self) -> None:
        self.seen: _Seen | None = None

    def clash(self, line: int, key: str, text: str) -> str | None:
        """The problem with a date in the other order than the file's, or None (and the first
        date that shows an order sets the file's)."""
        order = day_order(text)
        if order is None:
            return None
        if self.seen is None:
            self.seen = _Seen(order, line, key, text.strip())
            return None
        first = self.seen
        if order == first.order:
            return None
        return (
            f"'{text.strip()}' is {order}, but '{first.text}' (line {first.line}, {first.key}) is "
            f"{first.order}; one file has one order: fix the row, or give --date-format "
            f"{first.pattern} if that is the file's"
        )

    def hint(self, problem: str) -> str:
        """For a date that could be read either way, the order an earlier date of the file showed."""
        first = self.seen
        if first is None or AMBIGUOUS not in problem:
            return ""
        return (
            f" (this file's '{first.text}' on line {first.line}, {first.key}, is {first.order}: "
            f"--date-format {first.pattern})"
        )
