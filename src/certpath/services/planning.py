"""Use cases: check a roster, plan a roster, render a plan (shared by the CLI and, later, the API)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from certpath.catalogue.model import Catalogue
from certpath.errors import InfeasiblePlanError, InputError, Issue, SettingError
from certpath.planning.instance import PlanRequest
from certpath.planning.plan import Plan
from certpath.planning.team_planner import plan_roster
from certpath.planning.team_policy import AUTOMATIC
from certpath.reports.plan import build_plan_report
from certpath.reports.plan_files import render_csv, render_ics
from certpath.reports.plan_html import render_html
from certpath.reports.plan_xlsx import render_xlsx
from certpath.roster import importer
from certpath.roster.importer import load_roster
from certpath.roster.model import Roster, RosterOptions

OBJECTIVES = ("layers-soonest", "finish-soonest", "most-coverage-by-horizon", "cheapest")
FORMATS = ("table", "json", "csv", "xlsx", "ics", "html")


def policy_choice(text: str | None) -> str | None:
    """None (choose by size) for '', None or 'automatic'; else the policy id given, lower-cased."""
    if text is None or text.strip().lower() in ("", AUTOMATIC):
        return None
    return text.strip().lower()


#: The longest horizon a plan takes, in weeks (three years): the catalogue's facts, the prices and
#: the team itself change well before, so a longer plan is re-planned rather than trusted.
MAX_HORIZON_WEEKS = 156


def parse_horizon(text: str) -> int:
    """'90d', '13w', '3m' or a number of days, as whole weeks (one to MAX_HORIZON_WEEKS).

    The command line, the API and the dashboard's plan builder all read it here."""
    match = re.fullmatch(r"\s*(\d{1,7})\s*([dwm]?)\s*", text.lower())
    if not match:
        raise SettingError("write a length such as 90d, 13w or 3m.", setting="horizon", value=text)
    number, unit = int(match[1]), match[2] or "d"
    days = number * {"d": 1, "w": 7, "m": 30}[unit]
    if days < 7:
        raise SettingError("give at least one week (7d).", setting="horizon", value=text)
    if days > MAX_HORIZON_WEEKS * 7:
        raise SettingError(
            f"give at most {MAX_HORIZON_WEEKS} weeks ({MAX_HORIZON_WEEKS}w, about three years); plan again "
            "as the team and the catalogue change rather than further ahead.",
            setting="horizon",
            value=text,
        )
    return -(-days // 7)


def check_request(request: PlanRequest) -> None:
    """Refuse impossible numbers before any work is done."""
    if request.objective not in OBJECTIVES:
        raise SettingError(
            f"use one of {', '.join(OBJECTIVES)}.", setting="objective", value=request.objective
        )
    for setting, value in (
        ("budget_usd", request.budget_usd),
        ("quarterly_budget_usd", request.quarterly_budget_usd),
    ):
        if value is not None and value < 0:
            raise SettingError("a budget cannot be negative.", setting=setting, value=f"{value:g}")
    if request.cohort_size is not None and request.cohort_size < 1:
        raise SettingError(
            "a cohort needs at least one seat.", setting="cohort_size", value=request.cohort_size
        )
    if request.time_limit_s <= 0:
        raise SettingError(
            "give a number of seconds above 0.", setting="time_limit_s", value=f"{request.time_limit_s:g}"
        )


def read_roster(catalogue: Catalogue, path: Path, *, today: date, options: RosterOptions) -> Roster:
    """The roster at `path`, checked; raises RosterError listing every problem."""
    if options.hours_per_week <= 0:
        raise InfeasiblePlanError(
            f"WEEKLY-HOURS: --hours-per-week {options.hours_per_week:g} leaves no study time; nothing can be scheduled. "
            "Give at least 1 hour a week."
        )
    return load_roster(path, catalogue, today=today, options=options)


def inspect_roster(
    catalogue: Catalogue, path: Path, *, today: date, options: RosterOptions
) -> tuple[Roster, tuple[Issue, ...]]:
    """Everyone who could be read and every problem, for `roster check` (see roster.importer)."""
    return importer.inspect_roster(path, catalogue, today=today, options=options)


def plan_team(catalogue: Catalogue, roster: Roster, request: PlanRequest, progress: object = None) -> Plan:
    """Plan the roster (see planning.team_planner)."""
    check_request(request)
    return plan_roster(catalogue, roster, request, progress=progress)  # type: ignore[arg-type]


def render_plan(plan: Plan, catalogue: Catalogue, fmt: str) -> tuple[str, str, bytes]:
    """(filename, media type, bytes) for a file format: json, csv, xlsx, ics or html."""
    if fmt == "json":
        import json

        body = json.dumps(build_plan_report(plan), indent=2, ensure_ascii=False) + "\n"
        return "plan.json", "application/json", body.encode("utf-8")
    if fmt == "csv":
        return render_csv(plan)
    if fmt == "ics":
        return render_ics(plan)
    if fmt == "xlsx":
        return render_xlsx(plan)
    if fmt == "html":
        return render_html(plan, catalogue)
    raise InputError(f"--format '{fmt}': use one of {', '.join(FORMATS)}.")
