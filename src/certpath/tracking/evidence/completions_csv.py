"""A CSV of completions from an LMS or HR system: one row per person and item, with the date.

Columns (header names are matched case-insensitively, with common aliases):
employee_id, item (catalogue id or exact name), completed_on; optional expires_on,
status (completed | passed | in-progress | failed), credential_id, url, note, evidence_id.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.model import EvidenceStatus, NewEvidence, Verification

ALIASES = {
    "employee_id": ("employee_id", "employee id", "employee", "member", "person", "userid", "user id"),
    "item": ("item", "item_id", "credential", "course", "certification"),
    "completed_on": ("completed_on", "completed", "completion_date", "completion date", "date", "passed_on"),
    "expires_on": ("expires_on", "expires", "expiry", "expiry_date", "expiration_date"),
    "status": ("status", "result"),
    "credential_id": ("credential_id", "certificate_id", "certificate number", "license"),
    "url": ("url", "link", "verification_url"),
    "note": ("note", "notes", "comment"),
    "evidence_id": ("evidence_id", "record_id", "id"),
}
REQUIRED = ("employee_id", "item", "completed_on")
_STATUS: dict[str, EvidenceStatus] = {
    "": "completed",
    "completed": "completed",
    "complete": "completed",
    "passed": "completed",
    "in-progress": "in-progress",
    "in progress": "in-progress",
    "started": "in-progress",
    "failed": "failed",
}
#: Problems listed before the rest are only counted (a broken million-row file stays readable).
MAX_LISTED = 100


def _header_map(header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for field, names in ALIASES.items():
        for name in names:
            if name in lowered:
                found[field] = lowered.index(name)
                break
    return found


def read_completions(text: str, *, context: ReadContext) -> list[NewEvidence]:
    """Every row as evidence; every bad row (line, column, value, what to do) is a problem in `context`."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        context.problem(
            "is empty; the first row must name the columns employee_id, item, completed_on", line=1
        )
        return []
    columns = _header_map(header)
    if missing := [f for f in REQUIRED if f not in columns]:
        context.problem(f"has no column for {', '.join(missing)} (header: {', '.join(header)})", line=1)
        return []
    checks = Checklist("csv")
    checks.passed("structure", "a completion row with employee id, item and date")
    checks.skipped("signature", "CSV rows are unsigned; their origin is the system that exported the file")
    checks.skipped("key-trusted", "no key on a CSV row")
    checks.skipped("revocation", "a CSV has no revocation")
    checks.passed("recipient", "the employee id is a person in the store")
    checks.passed("dates", "completion date on or before the import date")
    verification = checks.record()
    rows: list[NewEvidence] = []
    reader_state = _Rows(context, columns, header)
    for line, cells in enumerate(reader, start=2):
        if not any(cells):
            continue
        row = reader_state.read(line, cells, verification)
        if row is not None:
            rows.append(row)
    if reader_state.problems > MAX_LISTED:
        context.problem(f"and {reader_state.problems - MAX_LISTED} more problems of the same kinds")
    return rows


class _Rows:
    """Reads one data row at a time; lookups that repeat across rows (items, dates) are cached."""

    def __init__(self, context: ReadContext, columns: dict[str, int], header: list[str]) -> None:
        self.context = context
        self.columns = columns
        self.header = header
        self.problems = 0
        self.ids = context.recipients.ids
        self.names = context.badge_map.catalogue_names
        self.today = context.today
        self.width = max(columns.values()) + 1
        self.person, self.item, self.day = (columns[f] for f in REQUIRED)
        self.optional = {f: i for f, i in columns.items() if f not in REQUIRED}
        self.plain = set(self.optional) <= {"evidence_id"}
        self.items: dict[str, str | None] = {}
        self.days: dict[str, date | None] = {}

    def _problem(self, line: int, field: str, message: str, *, unknown_person: bool = False) -> None:
        self.problems += 1
        if self.problems <= MAX_LISTED:
            column = self.columns.get(field)
            key = self.header[column] if column is not None else field
            self.context.problem(
                message,
                line=line,
                column=None if column is None else column + 1,
                key=key,
                unknown_person=unknown_person,
            )

    def _cell(self, cells: list[str], field: str) -> str:
        index = self.optional.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def _item(self, text: str) -> str | None:
        if text not in self.items:
            lowered = text.lower()
            self.items[text] = self.names.get(lowered) or self.names.get(
                " ".join(lowered.replace("-", " ").split())
            )
        return self.items[text]

    def read(self, line: int, cells: list[str], verification: Verification) -> NewEvidence | None:
        if len(cells) < self.width:
            self._problem(line, "employee_id", f"has {len(cells)} cells; the header has {len(self.header)}")
            return None
        person, item_text = cells[self.person].strip(), cells[self.item].strip()
        ok = True
        if person not in self.ids:
            self._problem(
                line,
                "employee_id",
                f"'{person}' is no one in the store; import the roster first",
                unknown_person=True,
            )
            ok = False
        item = self._item(item_text)
        if item is None:
            self._problem(
                line,
                "item",
                f"'{item_text}' is not a catalogue credential or course id (see `certpath catalogue list`)",
            )
            ok = False
        completed = self._date(line, "completed_on", cells[self.day].strip())
        optional = self.optional
        expires_text = self._cell(cells, "expires_on") if "expires_on" in optional else ""
        expires = self._date(line, "expires_on", expires_text) if expires_text else None
        status = _STATUS.get(self._cell(cells, "status").lower()) if "status" in optional else "completed"
        if status is None:
            self._problem(
                line,
                "status",
                f"'{self._cell(cells, 'status')}' is not one of completed, passed, in-progress, failed",
            )
            ok = False
        if completed is None or (expires_text and expires is None) or not ok or status is None:
            return None
        assert item is not None
        if completed > self.today:
            self._problem(
                line, "completed_on", f"{completed} is after today; completions cannot be in the future"
            )
            return None
        external = self._cell(cells, "evidence_id") or f"{person}|{item}|{completed.isoformat()}"
        if self.plain:  # the common file: ids, items, dates and perhaps a record id
            return NewEvidence(person, item, "csv", status, completed, verification, external, line=line)
        return NewEvidence(
            person,
            item,
            "csv",
            status,
            completed,
            verification,
            external,
            expires,
            self._cell(cells, "credential_id") or None,
            self._cell(cells, "url") or None,
            self._cell(cells, "note") or None,
            line=line,
        )

    def _date(self, line: int, field: str, text: str) -> date | None:
        if text in self.days:
            day = self.days[text]
        else:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                day = None
            self.days[text] = day
        if day is None:
            self._problem(line, field, f"'{text}' is not a date; write it as YYYY-MM-DD")
        return day
