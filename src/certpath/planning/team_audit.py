"""Audit a team as it stands (a roster with held credentials) against the roadmap's rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from certpath.catalogue.model import Catalogue, Course, Credential
from certpath.catalogue.validity import validity_on
from certpath.planning.advice import Finding
from certpath.planning.requirements import HALF_LIFE_MONTHS
from certpath.roster.model import Member, Roster


def audit_roster(catalogue: Catalogue, roster: Roster, *, today: date) -> list[Finding]:
    """Gaps and risks in the team today: missing owners, MLOps, literacy, stale or expiring credentials."""
    found: list[Finding] = []
    for team, members in roster.teams().items():
        found += list(_team(catalogue, team, members, today))
    for member in roster.members:
        found += list(_member(catalogue, member, today))
    return found


def _holds(catalogue: Catalogue, member: Member, today: date, layer: int) -> bool:
    for holding in member.held:
        item = catalogue.item(holding.item_id)
        if isinstance(item, Course) and item.layer == layer:
            return True
        if not isinstance(item, Credential) or layer not in item.layers:
            continue
        if validity_on(catalogue, item, earned_on=holding.earned_on, today=today).state != "expired":
            return True
    return False


def _team(catalogue: Catalogue, team: str, members: tuple[Member, ...], today: date) -> Iterator[Finding]:
    roles = catalogue.roles
    if not any(roles[m.role].owns_governance or _holds(catalogue, m, today, 5) for m in members):
        yield Finding(
            "GOVERNANCE-DAY-ONE",
            "warning",
            f"{team}: nobody owns Layer 5 (no governance role and no Layer 5 evidence).",
            "Name a governance owner; `certpath plan` starts their Layer 5 right after Layer 1.",
            subject=team,
            members=tuple(m.id for m in members),
        )
    without_l1 = [m.id for m in members if not _holds(catalogue, m, today, 1)]
    if without_l1:
        yield Finding(
            "L1-FIRST",
            "warning",
            f"{team}: {len(without_l1)} of {len(members)} people have no Layer 1 foundations on record.",
            "Plan Layer 1 for them before anything else.",
            subject=team,
            members=tuple(without_l1),
        )


def _member(catalogue: Catalogue, member: Member, today: date) -> Iterator[Finding]:
    role = catalogue.roles[member.role]
    if member.deploys_to_production and not _holds(catalogue, member, today, 3):
        yield Finding(
            "L3-BEFORE-PRODUCTION",
            "error",
            f"{member.name} ({member.id}) deploys models to production "
            "without Layer 3 (MLOps) on record (mistake 3).",
            "Plan Layer 3 before their next deployment.",
            members=(member.id,),
        )
    leads = member.leads_externally or any(rl.layer == 6 for rl in role.layers)
    literacy = {c.id for c in catalogue.courses.values() if c.technical_literacy}
    if leads and not role.technical and not any(h.item_id in literacy for h in member.held):
        yield Finding(
            "L6-TECH-LITERACY",
            "warning",
            f"{member.name} ({member.id}) leads without a technical-literacy module on record (mistake 4).",
            f"Plan {', '.join(sorted(literacy))}.",
            members=(member.id,),
        )
    for holding in member.held:
        yield from _holding(catalogue, member, holding.item_id, holding.earned_on, today)


def _holding(
    catalogue: Catalogue, member: Member, item_id: str, earned: date | None, today: date
) -> Iterator[Finding]:
    item = catalogue.item(item_id)
    if earned is not None and (today - earned).days / 30.44 > HALF_LIFE_MONTHS:
        months = int((today - earned).days / 30.44)
        freshness = 0.5 ** (months / HALF_LIFE_MONTHS)
        yield Finding(
            "ROLLING-REFRESH",
            "info",
            f"{member.id}'s {item_id} is {months} months old (freshness {freshness:.2f}).",
            "Revisit the layer with a refresher course or newer material.",
            subject=item_id,
            members=(member.id,),
        )
    if not isinstance(item, Credential):
        return
    validity = validity_on(catalogue, item, earned_on=earned, today=today)
    if validity.state in ("expired", "grace", "window-open"):
        verb = {"expired": "expired on", "grace": "expired on", "window-open": "expires on"}[validity.state]
        yield Finding(
            "RENEWAL-WINDOW",
            "warning",
            f"{member.id}'s {item_id} {verb} {validity.expires_on}.",
            catalogue.renewal_policies[item.renewal_policy].summary,
            subject=item_id,
            members=(member.id,),
        )
    retires = item.lifecycle.retires_on
    if retires is not None and retires <= today and item.lifecycle.successor:
        yield Finding(
            "CURRENT-MATERIAL",
            "info",
            f"{member.id}'s {item_id} retired on {retires}; it cannot be renewed.",
            f"Plan {item.lifecycle.successor} before it expires.",
            subject=item_id,
            members=(member.id,),
        )
