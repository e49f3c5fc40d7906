"""Audit a team as it stands (a roster with held credentials) against the roadmap's rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from certpath.catalogue import coverage
from certpath.catalogue.coverage import Standing
from certpath.catalogue.model import Catalogue, Credential, TeamPolicy
from certpath.catalogue.validity import validity_on
from certpath.kernel import Finding
from certpath.planning.requirements import member_layers
from certpath.roster.model import Member, Roster


def audit_roster(
    catalogue: Catalogue, roster: Roster, *, today: date, policy: TeamPolicy | None = None
) -> list[Finding]:
    """Gaps and risks in the team today: missing owners, MLOps, literacy, stale or expiring credentials."""
    chosen = policy or catalogue.policy_for_size(max(len(roster.members), 1))
    found: list[Finding] = []
    for team, members in roster.teams().items():
        found += list(_team(catalogue, chosen, team, members, today))
    for member in roster.members:
        found += list(_member(catalogue, chosen, member, today))
    return found


def member_cells(
    catalogue: Catalogue, roster: Roster, *, today: date, policy: TeamPolicy
) -> dict[tuple[str, int], Standing]:
    """(member, needed layer) -> where the member stands on it today, by the coverage model."""
    cells: dict[tuple[str, int], Standing] = {}
    for member in roster.members:
        for layer, depth in member_layers(catalogue, policy, member, owner=False).items():
            state, _ = coverage.holding_standing(catalogue, member.held, layer, depth, today=today)
            cells[(member.id, layer)] = state
    return cells


def _holds(catalogue: Catalogue, policy: TeamPolicy, member: Member, today: date, layer: int) -> bool:
    """The member holds `layer` at the depth they need it (non-technical when their role does not)."""
    depth = member_layers(catalogue, policy, member, owner=True).get(layer, "non-technical")
    return coverage.holds(catalogue, member.held, layer, depth, today=today)


def _team(
    catalogue: Catalogue, policy: TeamPolicy, team: str, members: tuple[Member, ...], today: date
) -> Iterator[Finding]:
    roles = catalogue.roles
    if not any(roles[m.role].owns_governance or _holds(catalogue, policy, m, today, 5) for m in members):
        yield Finding(
            "GOVERNANCE-DAY-ONE",
            "warning",
            f"{team}: nobody owns Layer 5 (no governance role and no Layer 5 evidence).",
            "Name a governance owner; `certpath plan` starts their Layer 5 right after Layer 1.",
            subject=team,
            members=tuple(m.id for m in members),
        )
    without_l1 = [m.id for m in members if not _holds(catalogue, policy, m, today, 1)]
    if without_l1:
        yield Finding(
            "L1-FIRST",
            "warning",
            f"{team}: {len(without_l1)} of {len(members)} people do not hold Layer 1 foundations "
            "(fresh, valid evidence at their depth).",
            "Plan Layer 1 for them before anything else.",
            subject=team,
            members=tuple(without_l1),
        )


def _member(catalogue: Catalogue, policy: TeamPolicy, member: Member, today: date) -> Iterator[Finding]:
    role = catalogue.roles[member.role]
    if member.deploys_to_production:
        yield from _deployer(catalogue, member, today)
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


def _deployer(catalogue: Catalogue, member: Member, today: date) -> Iterator[Finding]:
    """L3-BEFORE-PRODUCTION: an error without technical Layer 3, a warning when it has gone stale."""
    state, proof = coverage.holding_standing(catalogue, member.held, 3, "technical", today=today)
    if state == "held":
        return
    who = f"{member.name} ({member.id}) deploys models to production"
    if state == "stale" and proof is not None:
        yield Finding(
            "L3-BEFORE-PRODUCTION",
            "warning",
            f"{who}, but their technical Layer 3 evidence ({', '.join(proof.items)}, last {proof.last_done}) "
            f"is older than {coverage.max_age_days(coverage.MIN_FRESHNESS)} days (mistakes 3 and 5).",
            "Plan a Layer 3 refresher before their next deployment.",
            members=(member.id,),
        )
        return
    what = (
        "their Layer 3 credential has expired"
        if state == "expired"
        else "no technical Layer 3 (MLOps) is on record"
    )
    yield Finding(
        "L3-BEFORE-PRODUCTION",
        "error",
        f"{who}, but {what} (mistake 3).",
        "Plan Layer 3 before their next deployment.",
        members=(member.id,),
    )


def _holding(
    catalogue: Catalogue, member: Member, item_id: str, earned: date | None, today: date
) -> Iterator[Finding]:
    item = catalogue.item(item_id)
    if earned is not None and today >= coverage.stale_on(earned):
        months = coverage.months_between(earned, today)
        freshness = coverage.freshness(earned, today)
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
