"""Tracking reports in JSON and CSV: status, gaps, due and the audit log. JSON field names are a contract."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from certpath.reports.plan_files import Rendered, safe_cell

if TYPE_CHECKING:
    from certpath.reports.progress import DueItem, GapsReport, StatusReport
    from certpath.tracking.status import LayerStatus


def _day(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def layer_json(status: LayerStatus) -> dict[str, Any]:
    return {
        "layer": status.layer,
        "depth": status.depth,
        "state": status.state,
        "standing": status.standing,
        "mark": status.mark,
        "last_evidence": _day(status.last_evidence),
        "valid_until": _day(status.valid_until),
        "freshness": status.freshness,
        "verified": status.verified,
        "next_action": status.next_action,
        "next_date": _day(status.next_date),
        "overdue": status.overdue,
        "claimed": status.claimed,
    }


def status_json(report: StatusReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "policy": report.policy,
        "verified_only": report.verified_only,
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "team": p.team,
                "role": p.role,
                "layers": [layer_json(s) for s in layers],
            }
            for p, layers in report.people
        ],
    }


STATUS_COLUMNS = (
    "id",
    "name",
    "team",
    "role",
    "layer",
    "depth",
    "state",
    "standing",
    "mark",
    "last_evidence",
    "valid_until",
    "freshness",
    "verified",
    "next_action",
    "next_date",
    "overdue",
    "claimed",
)


def status_csv(report: StatusReport) -> Rendered:
    rows = (
        (p.id, p.name, p.team, p.role, *layer_json(s).values()) for p, layers in report.people for s in layers
    )
    return csv_rendered("status.csv", STATUS_COLUMNS, rows)


def gaps_json(report: GapsReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "policy": report.policy,
        "bus_factor": report.bus_factor,
        "min_freshness": report.min_freshness,
        "accepted_assurance": list(report.accepted),
        "teams": [
            {
                "team": team,
                "layers": [
                    {
                        "layer": layer,
                        "needing": needing,
                        "holding": holding,
                        "covered": report.covers(needing, holding),
                    }
                    for layer, (needing, holding) in sorted(layers.items())
                ],
            }
            for team, layers in sorted(report.coverage.items())
        ],
        "totals": [
            {"layer": layer, "needing": needing, "holding": holding}
            for layer, (needing, holding) in report.layer_totals().items()
        ],
        "gaps": [
            {
                "team": g.team,
                "layer": g.layer,
                "needing": g.needing,
                "holding": g.holding,
                "required": g.required,
                "close_with": g.item,
                "cost_usd": g.cost_usd,
                "weeks": g.weeks,
            }
            for g in report.gaps
        ],
        "members": [
            {
                "id": r.person,
                "team": r.team,
                "layer": r.layer,
                "holds": r.holds,
                "standing": r.standing,
                "mark": r.mark,
            }
            for r in report.matrix
        ],
        "ai_literacy_by_team": [
            {"team": c.team, "people": c.people, "with_layer_1": c.with_layer_1}
            for c in report.literacy_counts
        ],
        "ai_literacy": [literacy_json(r, standing) for r, standing in report.literacy],
    }


def literacy_json(row: Any, standing: str) -> dict[str, Any]:
    """One person's latest Layer 1 evidence and where it leaves them on Layer 1 (the legend's word)."""
    item, source, assurance = (row.proof or "||").split("|", 2)
    return {
        "id": row.id,
        "name": row.name,
        "team": row.team,
        "standing": standing,
        "completed_on": _day(row.completed_on),
        "item": item or None,
        "source": source or None,
        "assurance": assurance or None,
    }


GAPS_COLUMNS = ("team", "layer", "needing", "holding", "required", "close_with", "cost_usd", "weeks")


def gaps_csv(report: GapsReport) -> Rendered:
    rows = (
        (g.team, g.layer, g.needing, g.holding, g.required, g.item, g.cost_usd, g.weeks) for g in report.gaps
    )
    return csv_rendered("gaps.csv", GAPS_COLUMNS, rows)


def due_json(items: Sequence[DueItem], *, today: Any, within_days: int) -> dict[str, Any]:
    return {
        "today": today.isoformat(),
        "within_days": within_days,
        "items": [
            {
                "id": i.person,
                "name": i.name,
                "team": i.team,
                "kind": i.kind,
                "subject": i.subject,
                "due_on": i.due_on.isoformat(),
                "overdue": i.overdue,
                "action": i.action,
                "restores": list(i.restores),
            }
            for i in items
        ],
    }


DUE_COLUMNS = ("id", "name", "team", "kind", "subject", "due_on", "overdue", "action", "restores")


def due_csv(items: Sequence[DueItem]) -> Rendered:
    rows = (
        (
            i.person,
            i.name,
            i.team,
            i.kind,
            i.subject,
            i.due_on,
            i.overdue,
            i.action,
            " ".join(map(str, i.restores)),
        )
        for i in items
    )
    return csv_rendered("due.csv", DUE_COLUMNS, rows)


def due_ics(items: Sequence[DueItem], *, today: date) -> Rendered:
    """An all-day event per due item with reminders 90, 30 and 7 days ahead; UIDs stable across exports.

    No reminder lies in the past: an overdue item is dated `today` ("overdue since ...") with one
    reminder on the day; a reminder that would fall before `today` is left out, and an item due
    within a week keeps one on its day.
    """
    import hashlib

    from icalendar import Alarm, Calendar, Event

    calendar = Calendar.new(name="certpath renewals and refreshes", organization="certpath")
    calendar["UID"] = "due-calendar@certpath"
    for item in items:
        digest = hashlib.sha256(
            f"{item.person}|{item.subject}|{item.kind}|{item.due_on}".encode()
        ).hexdigest()[:24]
        day = today if item.overdue else item.due_on
        late = f"Overdue since {item.due_on}, " if item.overdue else ""
        event = Event.new(
            uid=f"due-{digest}@certpath",
            summary=f"{late}{item.kind.replace('-', ' ')}: {item.subject} ({item.name})",
            start=day,
            end=day + timedelta(days=1),
            description=item.action,
        )
        ahead = [d for d in (90, 30, 7) if day - timedelta(days=d) >= today] or [0]
        for days in [0] if item.overdue else ahead:
            words = "overdue" if item.overdue else (f"in {days} days" if days else "today")
            alarm = Alarm.new_display(
                trigger=timedelta(days=-days), description=f"{item.subject} for {item.name} {words}"
            )
            alarm["UID"] = f"due-{digest}-{days}d@certpath"  # stable, like the event's
            event.add_component(alarm)
        calendar.add_component(event)
    return "due.ics", "text/calendar", calendar.to_ical()


AUDIT_COLUMNS = ("id", "at", "actor", "action", "subject_type", "subject_id", "before", "after")


def audit_json(rows: Iterable[Any]) -> list[dict[str, Any]]:
    import json

    return [
        {
            "id": r.id,
            "at": r.at.isoformat(),
            "actor": r.actor,
            "action": r.action,
            "subject_type": r.subject_type,
            "subject_id": r.subject_id,
            "before": r.before and json.loads(r.before),
            "after": r.after and json.loads(r.after),
        }
        for r in rows
    ]


def csv_rendered(name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Rendered:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(_day(v) if hasattr(v, "isoformat") else v) for v in row])
    return name, "text/csv", out.getvalue().encode("utf-8")
