"""Plan renderers for files: CSV and iCalendar. Each returns (filename, media type, bytes)."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import timedelta

from certpath.planning.plan import Plan

Rendered = tuple[str, str, bytes]
CSV_COLUMNS = (
    "member",
    "name",
    "team",
    "role",
    "item",
    "kind",
    "layer",
    "start",
    "end",
    "hours",
    "cost_usd",
    "cohort",
    "refresh",
)


def safe_cell(value: object) -> str:
    """Cell text a spreadsheet will not run as a formula: =, +, -, @, tab or CR first get a ' prefix."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(plan: Plan) -> Rendered:
    """One row per assignment; the columns `certpath audit` reads back."""
    people = {m.id: m for m in plan.members}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in sorted(plan.assignments, key=lambda a: (a.start, a.member, a.item)):
        person = people.get(a.member)
        row = (
            a.member,
            person.name if person else "",
            a.team,
            person.role if person else "",
            a.item,
            a.kind,
            a.layer,
            a.start.isoformat(),
            a.end.isoformat(),
            f"{a.hours:g}",
            f"{a.cost_usd:.2f}",
            a.cohort or "",
            "yes" if a.refresh else "",
        )
        writer.writerow([safe_cell(v) for v in row])
    return "plan.csv", "text/csv", out.getvalue().encode("utf-8")


def render_ics(plan: Plan) -> Rendered:
    """Each member's study blocks and exam days as all-day events with stable UIDs."""
    from icalendar import Alarm, Calendar, Event

    people = {m.id: m for m in plan.members}
    calendar = Calendar.new(name="certpath training plan", organization="certpath")
    for a in sorted(plan.assignments, key=lambda a: (a.start, a.member, a.item)):
        who = people[a.member].name if a.member in people else a.member
        study = Event.new(
            uid=_uid(a.member, a.item, "study"),
            summary=f"Study: {a.name} ({who})",
            start=a.start,
            end=a.end + timedelta(days=1),
            description=f"Layer {a.layer}; {a.hours:g} hours. {a.reason}".strip(),
        )
        calendar.add_component(study)
        if a.kind == "credential":
            exam = Event.new(
                uid=_uid(a.member, a.item, "exam"),
                summary=f"Exam: {a.item} ({who})",
                start=a.end,
                end=a.end + timedelta(days=1),
                description=f"Planned exam date for {a.name}.",
            )
            exam.add_component(
                Alarm.new_display(trigger=timedelta(days=-7), description=f"{a.item} exam in 7 days")
            )
            calendar.add_component(exam)
    return "plan.ics", "text/calendar", calendar.to_ical()


def _uid(member: str, item: str, what: str) -> str:
    digest = hashlib.sha256(f"{member}|{item}|{what}".encode()).hexdigest()[:20]
    return f"{what}-{digest}@certpath"
