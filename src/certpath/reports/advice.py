"""The advice report: the stable JSON contract of `certpath advise --format json`."""

from __future__ import annotations

from typing import Any

from certpath.catalogue.model import CourseVariant
from certpath.planning.advice import Advice
from certpath.reports.jsonable import to_jsonable


def _variant(variant: CourseVariant | None) -> dict[str, Any] | None:
    if variant is None:
        return None
    keys = ("id", "delivery", "provider", "programme", "url")
    return {key: getattr(variant, key) for key in keys}


def build_advice_report(advice: Advice) -> dict[str, Any]:
    """A JSON-ready mapping; field names are documented in the README and must stay stable."""
    profile = advice.profile
    return {
        "today": advice.today.isoformat(),
        "profile": {
            "background": profile.background,
            "goal": profile.goal,
            "title": profile.title,
            "cloud": profile.cloud,
            "second_cloud": profile.second_cloud,
            "held": [{"item": h.item_id, "earned_on": to_jsonable(h.earned_on)} for h in profile.held],
            "ml_months": profile.ml_months,
            "budget_usd": profile.budget_usd,
            "hours_per_week": profile.hours_per_week,
            "genai": profile.genai,
        },
        "pathways": list(advice.pathways),
        "steps": [
            {
                "item": s.item,
                "name": s.name,
                "kind": s.kind,
                "layer": s.layer,
                "cost_usd": s.cost_usd,
                "study_hours": s.study_hours,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "start_week": s.start_week,
                "end_week": s.end_week,
                "reason": s.reason,
                "rules": list(s.rules),
                "portfolio": s.portfolio,
                "pairs_with": s.pairs_with,
                "optional": s.optional,
                "variant": _variant(s.variant),
            }
            for s in advice.steps
        ],
        "total_cost_usd": advice.total_cost_usd,
        "total_study_hours": advice.total_study_hours,
        "total_weeks": advice.total_weeks,
        "finish": to_jsonable(advice.finish),
        "warnings": [
            {
                "rule": w.rule,
                "severity": w.severity,
                "message": w.message,
                "fix": w.fix,
                "subject": w.subject,
            }
            for w in advice.warnings
        ],
        "skipped": [{"item": s.item, "name": s.name, "reason": s.reason} for s in advice.skipped],
        "left_out": [
            {"item": s.item, "name": s.name, "cost_usd": s.cost_usd, "reason": s.reason}
            for s in advice.left_out
        ],
        "catalogue_as_of": advice.catalogue_as_of.isoformat(),
    }
