"""Use case: audit a plan (certpath's JSON, or a hand-made CSV) or a roster against the rules."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from certpath.catalogue.model import Catalogue
from certpath.errors import Issue, Location, RosterError, UnknownChoiceError
from certpath.kernel import Finding
from certpath.planning.plan import Assignment, Plan
from certpath.planning.plan_findings import plan_findings
from certpath.planning.team_audit import audit_roster
from certpath.planning.team_planner import choose_policy
from certpath.planning.validate import validate_plan
from certpath.reports.plan_reading import read_plan_report
from certpath.roster.model import Roster, RosterOptions
from certpath.roster.reading import decode
from certpath.services.planning import read_roster

PLAN_COLUMNS = {"member", "item", "start", "end"}


@dataclass(frozen=True)
class AuditReport:
    """What was audited (plan or roster), how many people, and the findings."""

    source: str
    kind: str
    people: int
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


def audit_file(
    catalogue: Catalogue,
    path: Path,
    *,
    today: date,
    roster: Path | None = None,
    policy: str | None = None,
    options: RosterOptions | None = None,
) -> AuditReport:
    """Audit `path`: a plan JSON, a plan CSV (with `roster` for the people), or a roster."""
    options = options or RosterOptions()
    if path.suffix.lower() == ".json":
        # The plan's own notes (HORIZON, VERIFIED-LAYERS ...) are derived again from its assignments,
        # not echoed from the stored findings, which an edited file could have dropped.
        plan = _plan_from_json(catalogue, path)
        return AuditReport(str(path), "plan", len(plan.members), tuple(plan_findings(catalogue, plan)))
    if path.suffix.lower() in (".csv", ".tsv", ".txt") and path.is_file():
        header = decode(path, path.read_bytes()).splitlines()[:1]
        if header and {c.strip().lower() for c in header[0].replace(";", ",").split(",")} >= PLAN_COLUMNS:
            plan = _plan_from_csv(catalogue, path, roster, today=today, policy=policy, options=options)
            return AuditReport(str(path), "plan", len(plan.members), tuple(validate_plan(catalogue, plan)))
    people = read_roster(catalogue, path, today=today, options=options)
    return AuditReport(
        str(path), "roster", len(people.members), tuple(audit_roster(catalogue, people, today=today))
    )


def _plan_from_json(catalogue: Catalogue, path: Path) -> Plan:
    try:
        return read_plan_report(catalogue, json.loads(path.read_text(encoding="utf-8-sig")))
    except (ValueError, KeyError, TypeError, UnknownChoiceError) as error:
        raise RosterError(
            str(path),
            [
                Issue(
                    Location(str(path)),
                    f"is not a certpath plan JSON ({type(error).__name__}: {error}); "
                    "write one with `certpath plan ROSTER --format json --out plan.json`",
                )
            ],
        ) from None


def _plan_from_csv(
    catalogue: Catalogue,
    path: Path,
    roster_path: Path | None,
    *,
    today: date,
    policy: str | None,
    options: RosterOptions,
) -> Plan:
    if roster_path is None:
        raise RosterError(
            str(path),
            [Issue(Location(str(path)), "a hand-made plan needs the people it plans: add --roster ROSTER")],
        )
    people: Roster = read_roster(catalogue, roster_path, today=today, options=options)
    by_id = {m.id: m for m in people.members}
    text = decode(path, path.read_bytes())
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    assignments, issues = [], []
    for row in reader:
        row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items()}
        where = Location(str(path), reader.line_num)
        try:
            item = catalogue.item(row["item"])
            member = by_id[row["member"]]
            start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        except UnknownChoiceError as error:
            issues.append(Issue(where, str(error)))
            continue
        except KeyError:
            issues.append(Issue(where, f"member '{row['member']}' is not on the roster {roster_path}"))
            continue
        except ValueError as error:
            issues.append(Issue(where, f"bad date ({error}); write dates as YYYY-MM-DD"))
            continue
        hours = item.study_hours.value if item.kind == "credential" else item.hours.value  # type: ignore[union-attr]
        assignments.append(
            Assignment(
                member.id,
                item.id,
                item.name,
                item.kind,
                getattr(item, "layer", 0),
                start,
                end,
                float(row.get("cost_usd") or 0),
                float(hours or 0),
                row.get("cohort") or None,
                member.team,
                refresh=row.get("refresh", "").lower() in ("yes", "true", "1"),
            )
        )
    if issues:
        raise RosterError(str(path), issues)
    chosen, _ = choose_policy(catalogue, len(people.members), policy)
    first = min((a.start for a in assignments), default=today)
    return Plan(
        policy=chosen,
        start=first,
        horizon_weeks=13,
        objective="hand-made",
        members=people.members,
        assignments=tuple(assignments),
    )
