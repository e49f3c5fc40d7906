"""A CSV of completions from an LMS or HR system: one row per person and item, with the date.

Fields: who (employee id, or the work e-mail), item (catalogue id or exact name), completed_on;
optional expires_on, status, credential_id, url, note, evidence_id. ALIASES is the one table of
the headers LMS and LXP exports give them (compared like roster headers: without case, spaces,
punctuation or decoration), as their report builders name the columns (as of 2026-12):

- Cornerstone transcript reports: User ID, Training Title, Transcript Status, Transcript
  Completed Date, Training Record Expiration Date
  (https://help.csod.com/help/csod_0/Content/Reporting/Analytics/Custom_Reports_Project/Transcript_Report.htm).
- Pluralsight course completions: User ID, Email, Course ID, Course name, Completion date,
  Completion status (https://pluralsight.com/product/professional-services/resources/api).
- Docebo enrolments as its report API names them: user_id, course_id, enrollment_completion_date,
  enrollment_status, enrollment_validity_end_date
  (https://fivetran.com/docs/connectors/applications/docebo/connector-schema.md); its CSV reports
  say Username, Course Code, Course Name, Completion Date, Status.
- LinkedIn Learning: Unique User ID and Email name the learner
  (https://www.linkedin.com/help/learning/answer/a723459); Content Title, Completion Date.
- Workday Learning (Employee ID, Learning Content, Completion Date, Completion Status, Expiration
  Date), Degreed (Employee ID, Content Title, Completed Date) and SAP SuccessFactors Learning
  item history (User ID, Item ID, Item Title, Completion Date, Completion Status, Expiration
  Date): headers of typical exports, not checked here against each vendor's documentation.

Several item columns (a code and a title) may be given: each row takes the first that names a
catalogue item. Dates are read as roster dates are (certpath.roster.values.read_date).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

from certpath.roster.columns import header_keys
from certpath.roster.values import CellError, day_order, read_date
from certpath.tracking.evidence.checks import Checklist
from certpath.tracking.evidence.context import ReadContext
from certpath.tracking.model import EvidenceBatch, EvidenceStatus, NewEvidence, Verification

#: certpath field -> header aliases (squashed), most specific first.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employeeid",
        "employeenumber",
        "employee",
        "userid",
        "uniqueuserid",
        "learnerid",
        "workerid",
        "personid",
        "associateid",
        "username",
        "member",
        "person",
    ),
    "email": ("email", "workemail", "emailaddress", "useremail", "learneremail", "primaryemail", "mail"),
    "item": (
        "item",
        "itemid",
        "credential",
        "certification",
        "certificationname",
        "course",
        "coursecode",
        "courseid",
        "coursename",
        "coursetitle",
        "trainingtitle",
        "trainingname",
        "training",
        "itemtitle",
        "itemname",
        "contenttitle",
        "contentname",
        "learningcontent",
        "learningitem",
        "activityname",
    ),
    "completed_on": (
        "completedon",
        "completed",
        "completiondate",
        "completeddate",
        "datecompleted",
        "transcriptcompleteddate",
        "completedat",
        "completedatutc",
        "completiontime",
        "enrollmentcompletiondate",
        "passedon",
        "dateachieved",
        "date",
    ),
    "expires_on": (
        "expireson",
        "expires",
        "expiry",
        "expirydate",
        "expirationdate",
        "expiresat",
        "validuntil",
        "trainingrecordexpirationdate",
        "certificationexpirationdate",
        "enrollmentvalidityenddate",
    ),
    "status": ("status", "result", "completionstatus", "transcriptstatus", "enrollmentstatus"),
    "credential_id": ("credentialid", "certificateid", "certificatenumber", "certificationnumber", "license"),
    "url": ("url", "link", "verificationurl", "credentialurl", "certificateurl"),
    "note": ("note", "notes", "comment", "comments"),
    "evidence_id": ("evidenceid", "recordid", "transcriptid", "id"),
}
REQUIRED = ("employee_id", "item", "completed_on")
#: How a file may name each required field, for the message when it names none.
EXAMPLES = {
    "employee_id": "employee_id, User ID or Email",
    "item": "item, Course, Training Title or Content Title",
    "completed_on": "completed_on, Completion Date or Completed Date",
}
_STATUS: dict[str, EvidenceStatus] = {
    "": "completed",
    "completed": "completed",
    "complete": "completed",
    "passed": "completed",
    "pass": "completed",
    "in-progress": "in-progress",
    "in progress": "in-progress",
    "started": "in-progress",
    "incomplete": "in-progress",
    "failed": "failed",
    "fail": "failed",
}
#: Statuses of rows that are not completions yet: with no completion date, such a row is skipped
#: (a whole transcript export lists registrations and courses under way beside the completions).
NOT_YET = {
    "in-progress",
    "in progress",
    "started",
    "incomplete",
    "registered",
    "enrolled",
    "subscribed",
    "not started",
    "pending",
    "pending approval",
    "approved",
    "assigned",
    "waitlisted",
    "withdrawn",
    "cancelled",
    "canceled",
}
#: Problems listed before the rest are only counted (a broken million-row file stays readable).
MAX_LISTED = 100


def _header_map(header: list[str]) -> dict[str, list[int]]:
    """Field -> the columns that hold it, best alias first; each column serves one field."""
    keys = [header_keys(h) for h in header]
    found: dict[str, list[int]] = {}
    taken: set[int] = set()
    for field, names in ALIASES.items():
        for name in names:
            for index, readings in enumerate(keys):
                if index not in taken and name in readings:
                    found.setdefault(field, []).append(index)
                    taken.add(index)
    return found


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
    columns = _header_map(header)
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
        self.order: tuple[str, int, str, str] | None = None  # the first date that showed its order
        self.skipped: Counter[str] = Counter()  # status -> rows not completed yet, without a date

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
        status = _STATUS.get(status_text.lower()) if status_text else "completed"
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
        if not self.date_format and not self._same_order(line, field, text):
            return None
        if text not in self.days:
            try:
                self.days[text] = read_date(text, date_format=self.date_format)
            except CellError as error:
                self.days[text] = str(error)
        day = self.days[text]
        if isinstance(day, str):
            self._problem(line, field, day + self._order_seen(day))
            return None
        return day

    def _order_seen(self, problem: str) -> str:
        """For a date that could be read either way, the order an earlier date of the file showed."""
        if self.order is None or "could be day/month or month/day" not in problem:
            return ""
        first, at, key, seen = self.order
        pattern = "DD/MM/YYYY" if first == "day/month" else "MM/DD/YYYY"
        where = self.header[self.columns[key]] if key in self.columns else key
        return f" (this file's '{seen}' on line {at}, {where}, is {first}: --date-format {pattern})"

    def _same_order(self, line: int, field: str, text: str) -> bool:
        """Dates read one cell at a time could mix orders: '11/14/2026' here and '14/11/2026' there
        would both be read. A file has one order, so the second is refused, naming the first."""
        order = day_order(text)
        if order is None:
            return True
        if self.order is None:
            self.order = (order, line, field, text.strip())
            return True
        first, at, key, seen = self.order
        if order == first:
            return True
        pattern = "DD/MM/YYYY" if first == "day/month" else "MM/DD/YYYY"
        where = self.header[self.columns[key]] if key in self.columns else key
        self._problem(
            line,
            field,
            f"'{text.strip()}' is {order}, but '{seen}' (line {at}, {where}) is {first}; one file "
            f"has one order: fix the row, or give --date-format {pattern} if that is the file's",
        )
        return False
