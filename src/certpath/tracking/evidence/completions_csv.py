"""A CSV of completions from an LMS or HR system: one row per person and item, with the date.

Fields: who (employee id, or the work e-mail), item (catalogue id or exact name), completed_on;
optional expires_on, status, credential_id, url, note, evidence_id, under the headers LMS exports
give them (completions_headers.ALIASES). Several item columns (a code and a title) may be given:
each row takes the first that names a catalogue item. Dates are read as roster dates are
(certpath.roster.values.read_date), in one order per file (date_order).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

from certpath.roster.values import CellError, read_date
from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.completions_headers import EXAMPLES, NOT_YET, REQUIRED, STATUS, header_map
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.evidence.date_order import FileDateOrder
from certpath.tracking.model import EvidenceBatch, NewEvidence, Verification

#: Problems listed before the rest are only counted (a broken million-row file stays readable).
MAX_LISTED = 100


def read_completions(text: str, *, context: ReadContext) -> EvidenceBatch:
    """Every row as evidence; every bad row (line, column, value, what to do) is a problem in `context`."""
    rows, skipped = _read_rows(text, context)
    notes = []
    if skipped:
        statuses = ", ".join(sorted(skipped))
        count = sum(skipped.values())
        notes.append(
            f"{count} row(s) not completed yet ({statuses}) and with no completion date were skipped"
        )
    return EvidenceBatch("csv", "completions", rows, notes=notes)


def _read_rows(text: str, context: ReadContext) -> tuple[list[NewEvidence], Counter[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        context.problem(
            "is empty; the first row must name the columns employee_id, item, completed_on", line=1
        )
        return [], Counter()
    columns = header_map(header)
    if "employee_id" not in columns and "email" in columns:
        columns["employee_id"] = columns.pop("email")
    if missing := [f for f in REQUIRED if f not in columns]:
        names = "; ".join(f"{f} (for example {EXAMPLES[f]})" for f in missing)
        context.problem(f"has no column for {names}; the header is: {', '.join(header)}", line=1)
        return [], Counter()
    checks = Checklist("csv")
    checks.passed("structure", "a completion row with a person, an item and a date")
    checks.skipped("signature", "CSV rows are unsigned; their origin is the system that exported the file")
    checks.skipped("key-trusted", "no key on a CSV row")
    checks.skipped("revocation", "a CSV has no revocation")
    checks.passed("recipient", "the employee id or work e-mail is a person in the store")
    checks.passed("dates", "completion date on or before the import date, expiry after it")
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
    return rows, reader_state.skipped


class _Rows:
    """Reads one data row at a time; lookups that repeat across rows (items, dates) are cached."""

    def __init__(self, context: ReadContext, columns: dict[str, list[int]], header: list[str]) -> None:
        self.context = context
        self.columns = {f: found[0] for f, found in columns.items()}
        self.header = header
        self.problems = 0
        self.recipients = context.recipients
        self.ids = context.recipients.ids
        self.names = context.badge_map.catalogue_names
        self.today = context.today
        self.date_format = context.date_format
        self.width = max(i for found in columns.values() for i in found) + 1
        self.item_columns = columns["item"]
        self.item = self.item_columns[0]
        self.person, self.day = self.columns["employee_id"], self.columns["completed_on"]
        self.optional = {f: i for f, i in self.columns.items() if f not in REQUIRED}
        self.plain = set(self.optional) <= {"evidence_id", "email"}
        self.items: dict[str, str | None] = {}
        self.days: dict[str, date | str] = {}
        self.order = FileDateOrder()
        self.skipped: Counter[str] = Counter()  # status -> rows not completed yet, without a date

    def _problem(self, line: int, field: str, message: str, *, unknown_person: bool = False) -> None:
        self.problems += 1
        if self.problems <= MAX_LISTED:
            column = self.columns.get(field)
            self.context.problem(
                message,
                line=line,
                column=None if column is None else column + 1,
                key=self._key(field),
                unknown_person=unknown_person,
            )

    def _key(self, field: str) -> str:
        """The file's header of a field's column (the field's name when it has none)."""
        column = self.columns.get(field)
        return self.header[column] if column is not None else field

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

    def _person(self, cells: list[str]) -> str | None:
        """The employee id the row names: by id, or by work e-mail (LMS exports often key on it)."""
        text = cells[self.person].strip() or self._cell(cells, "email")
        if text in self.ids:
            return text
        if "@" in text:
            return self.recipients.by_email(text)
        email = self._cell(cells, "email")
        return self.recipients.by_email(email) if email else None

    def read(self, line: int, cells: list[str], verification: Verification) -> NewEvidence | None:
        if len(cells) < self.width:
            self._problem(line, "employee_id", f"has {len(cells)} cells; the header has {len(self.header)}")
            return None
        status_text = self._cell(cells, "status")
        status = STATUS.get(status_text.lower()) if status_text else "completed"
        day_text = cells[self.day].strip()
        if status != "completed" and not day_text and status_text.lower() in NOT_YET:
            self.skipped[status_text] += 1
            return None
        ok = True
        person = self._person(cells)
        if person is None:
            shown = cells[self.person].strip() or self._cell(cells, "email")
            self._problem(
                line,
                "employee_id",
                f"'{shown}' is no one in the store; import the roster first",
                unknown_person=True,
            )
            ok = False
        first = cells[self.item].strip()
        item = self._item(first)
        if item is None:  # an export with a code and a title column: the title may be the catalogue's
            item = next(
                (found for i in self.item_columns[1:] if (found := self._item(cells[i].strip()))), None
            )
        if item is None:
            self._problem(
                line,
                "item",
                f"'{first}' is not a catalogue credential or course id or name (see `certpath catalogue list`)",
            )
            ok = False
        completed = self._date(line, "completed_on", day_text)
        expires_text = self._cell(cells, "expires_on")
        expires = self._date(line, "expires_on", expires_text) if expires_text else None
        if status is None:
            self._problem(
                line,
                "status",
                f"'{status_text}' is not one of completed, passed, in-progress, failed",
            )
            ok = False
        if completed is None or (expires_text and expires is None) or not ok or status is None:
            return None
        assert item is not None and person is not None
        if not self._dates_agree(line, completed, expires):
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

    def _dates_agree(self, line: int, completed: date, expires: date | None) -> bool:
        if completed > self.today:
            self._problem(
                line, "completed_on", f"{completed} is after today; completions cannot be in the future"
            )
            return False
        if expires is not None and expires < completed:
            self._problem(
                line,
                "expires_on",
                f"expiry {expires} is before the completion date {completed}; "
                "check both dates (are day and month swapped?) and export the row again",
            )
            return False
        return True

    def _date(self, line: int, field: str, text: str) -> date | None:
        clash = None if self.date_format else self.order.clash(line, self._key(field), text)
        if clash:
            self._problem(line, field, clash)
            return None
        if text not in self.days:
            try:
                self.days[text] = read_date(text, date_format=self.date_format)
            except CellError as error:
                self.days[text] = str(error)
        day = self.days[text]
        if isinstance(day, str):
            self._problem(line, field, day + self.order.hint(day))
            return None
        return day
