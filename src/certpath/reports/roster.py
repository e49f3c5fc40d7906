"""A roster member in JSON: the fields shared by `roster check` and `plan` output."""

from __future__ import annotations

from typing import Any

from certpath.roster.model import Member


def member_json(member: Member) -> dict[str, Any]:
    """The member's identity, resolved role and planning inputs (callers add their own extras)."""
    return {
        "id": member.id,
        "name": member.name,
        "team": member.team,
        "title": member.title,
        "role": member.role,
        "resolved_from": member.resolved_from,
        "confidence": member.confidence,
        "cloud": member.cloud,
        "hours_per_week": member.hours_per_week,
        "deploys_to_production": member.deploys_to_production,
        "leads_externally": member.leads_externally,
    }
