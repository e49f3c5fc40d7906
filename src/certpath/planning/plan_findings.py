"""Plan-wide findings added after sequencing: horizon, rolling refresh, verified layers, rule checks."""

from __future__ import annotations

from datetime import date

from certpath.catalogue.coverage import HALF_LIFE_MONTHS, MIN_FRESHNESS, max_age_days, refresh_due_on
from certpath.catalogue.model import Catalogue
from certpath.kernel import Finding, how_many
from certpath.planning.plan import Plan
from certpath.planning.validate import validate_plan
from certpath.planning.verified import VERIFY_FIX


def plan_findings(catalogue: Catalogue, plan: Plan) -> list[Finding]:
    """HORIZON, ROLLING-REFRESH and VERIFIED-LAYERS notes, then whatever validate.py finds."""
    found = [*_horizon(plan), *_refresh(plan), *_verified(plan)]
    return found + validate_plan(catalogue, plan)


def _horizon(plan: Plan) -> list[Finding]:
    if plan.finish is None:
        return []
    horizon_end = plan.horizon_end
    late = sorted({a.member for a in plan.assignments if a.end > horizon_end})
    if not late:
        return []
    return [
        Finding(
            "HORIZON",
            "warning",
            f"The plan ends on {plan.finish}, after the {plan.horizon_weeks}-week horizon ({horizon_end}); "
            f"{how_many(len(late), 'person')} {'has' if len(late) == 1 else 'have'} work after it.",
            "Raise weekly study hours, run more cohorts in parallel, or accept a longer horizon.",
            members=tuple(late),
        )
    ]


def _refresh(plan: Plan) -> list[Finding]:
    if plan.finish is None:
        return []
    ends: dict[int, list[date]] = {}
    for a in plan.assignments:
        ends.setdefault(a.layer, []).append(a.end)
    parts = [f"Layer {layer} from {refresh_due_on(max(days))}" for layer, days in sorted(ends.items())]
    return [
        Finding(
            "ROLLING-REFRESH",
            "info",
            f"Skills lose half their value in about {HALF_LIFE_MONTHS} months; plan refreshers: {'; '.join(parts)}.",
            "Re-run certpath plan before those dates; a layer whose latest evidence is older than "
            f"{max_age_days(MIN_FRESHNESS)} days (freshness below {MIN_FRESHNESS}) is planned again.",
        )
    ]


def _verified(plan: Plan) -> list[Finding]:
    if "VERIFIED-LAYERS" not in plan.policy.rules:
        return []
    claimed = tuple(m.id for m in plan.members if any(not h.verified for h in m.held))
    if not claimed:
        return []
    return [
        Finding(
            "VERIFIED-LAYERS",
            "warning",
            f"{how_many(len(claimed), 'person')} {'holds' if len(claimed) == 1 else 'hold'} items on evidence "
            "that is not verified (a roster's column, a record typed in, or one recorded from a CSV, xAPI, "
            "Credly or an unsigned badge); in an enterprise programme a layer counts only with verified evidence.",
            VERIFY_FIX,
            members=claimed,
        )
    ]
