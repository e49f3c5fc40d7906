"""Read the plan JSON contract (reports/plan.py) back into a Plan: for audits and stored plans."""

from __future__ import annotations

from datetime import date
from typing import Any

from certpath.catalogue.model import Catalogue
from certpath.kernel import Finding, Holding
from certpath.planning.plan import Assignment, Plan, Sensitivity, Session, SolverInfo, TeamResult
from certpath.planning.selection import LeftOut
from certpath.roster.model import Member


def read_plan_report(catalogue: Catalogue, data: dict[str, Any]) -> Plan:
    """The Plan a `certpath plan --format json` document describes; KeyError/ValueError/TypeError if it is not one."""
    solver = data.get("solver")
    return Plan(
        policy=catalogue.team_policy(data["policy"]),
        start=date.fromisoformat(data["start"]),
        horizon_weeks=int(data.get("horizon_weeks", 13)),
        objective=data.get("objective", "finish-soonest"),
        members=tuple(_member(m) for m in data["members"]),
        assignments=tuple(_assignment(a) for a in data["assignments"]),
        budget_usd=data.get("budget_usd"),
        quarterly_budget_usd=data.get("quarterly_budget_usd"),
        cohort_size=data.get("cohort_size"),
        teams=tuple(
            TeamResult(**{**t, "governance_owners": tuple(t.get("governance_owners", ()))})
            for t in data.get("teams", [])
        ),
        findings=tuple(_finding(f) for f in data.get("findings", [])),
        left_out=tuple(LeftOut(**x) for x in data.get("left_out", [])),
        sessions=tuple(_session(s) for s in data.get("sessions", [])),
        governance_programme=(
            None if data.get("governance_programme") is None else tuple(data["governance_programme"])
        ),
        sensitivity=tuple(Sensitivity(**s) for s in (data.get("horizon") or {}).get("sensitivity", [])),
        solver=SolverInfo(**solver) if solver else None,
        notes=tuple(data.get("notes", [])),
    )


def _member(m: dict[str, Any]) -> Member:
    held = tuple(
        Holding(
            h["item"],
            date.fromisoformat(h["earned_on"]) if h.get("earned_on") else None,
            bool(h.get("verified", False)),
            date.fromisoformat(h["expires_on"]) if h.get("expires_on") else None,
            expiry_known="expires_on" in h,
        )
        for h in m.get("held", [])
    )
    return Member(
        id=m["id"],
        name=m.get("name", m["id"]),
        role=m["role"],
        resolved_from=m.get("resolved_from", "column"),
        confidence=float(m.get("confidence", 1.0)),
        team=m.get("team", ""),
        cloud=m.get("cloud", "none"),
        hours_per_week=float(m.get("hours_per_week", 5)),
        deploys_to_production=bool(m.get("deploys_to_production")),
        leads_externally=bool(m.get("leads_externally")),
        held=held,
    )


def _assignment(a: dict[str, Any]) -> Assignment:
    return Assignment(
        member=a["member"],
        item=a["item"],
        name=a.get("name", a["item"]),
        kind=a.get("kind", "course"),
        layer=int(a["layer"]),
        start=date.fromisoformat(a["start"]),
        end=date.fromisoformat(a["end"]),
        cost_usd=float(a.get("cost_usd") or 0),
        hours=float(a.get("hours") or 0),
        cohort=a.get("cohort"),
        team=a.get("team", ""),
        reason=a.get("reason", ""),
        delivery=a.get("delivery") or "",
        variant=a.get("variant") or "",
        refresh=bool(a.get("refresh", False)),
    )


def _session(s: dict[str, Any]) -> Session:
    limit = s.get("seat_limit")
    return Session(
        id=s["id"],
        item=s["item"],
        delivery=s["delivery"],
        seat_limit=None if limit is None else int(limit),
        start=date.fromisoformat(s["start"]),
        end=date.fromisoformat(s["end"]),
        cost_usd=float(s.get("cost_usd") or 0),
        members=tuple(s.get("members", [])),
    )


def _finding(f: dict[str, Any]) -> Finding:
    return Finding(
        f["rule"],
        f["severity"],
        f["message"],
        f.get("fix", ""),
        subject=f.get("subject"),
        members=tuple(f.get("members", [])),
    )
