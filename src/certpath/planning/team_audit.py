"""Audit a team as it stands (a roster with held credentials) against the roadmap's rules."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date

from certpath.catalogue import coverage
from certpath.catalogue.coverage import Stage
from certpath.catalogue.model import Catalogue, Credential, TeamPolicy
from certpath.catalogue.validity import validity_on
from certpath.kernel import Finding, how_many
from certpath.planning.governance import owners_needed
from certpath.planning.requirements import member_layers
from certpath.roster.model import Member, Roster


def audit_roster(
    catalogue: Catalogue,
    roster: Roster,
    *,
    today: date,
    policy: TeamPolicy | None = None,
    owners_elsewhere: Collection[str] = (),
    owners_unseen: int = 0,
) -> list[Finding]:
    """Gaps and risks in the team today: missing owners, MLOps, literacy, stale or expiring credentials.

    `owners_elsewhere` names governance owners of the organisation outside `roster` (a team audited
    inside a larger organisation) that the reader may see, `owners_unseen` counts the others: with
    any, a team without its own owner is noted, not warned.
    """
    chosen = policy or catalogue.policy_for_size(max(len(roster.members), 1))
    elsewhere = _Elsewhere(tuple(owners_elsewhere), owners_unseen)
    found: list[Finding] = list(_governance(catalogue, chosen, roster, today, elsewhere))
    for team, members in roster.teams().items():
        found += list(_team(catalogue, chosen, team, members, today))
    for member in roster.members:
        found += list(_member(catalogue, chosen, member, today))
    return found


def member_cells(
    catalogue: Catalogue, roster: Roster, *, today: date, policy: TeamPolicy, verified_only: bool = False
) -> dict[tuple[str, int], Stage]:
    """(member, needed layer) -> where the member stands on it today, on the coverage model's ladder;
    `verified_only` counts verified holdings only (the store's evidence under VERIFIED-LAYERS)."""
    cells: dict[tuple[str, int], Stage] = {}
    for member in roster.members:
        for layer, depth in member_layers(catalogue, policy, member, owner=False).items():
            _, proof = coverage.holding_standing(
                catalogue, member.held, layer, depth, today=today, verified_only=verified_only
            )
            cells[(member.id, layer)] = coverage.stage(proof, today=today)
    return cells


def _holds(catalogue: Catalogue, policy: TeamPolicy, member: Member, today: date, layer: int) -> bool:
    """The member holds `layer` at the depth they need it (non-technical when their role does not)."""
    depth = member_layers(catalogue, policy, member, owner=True).get(layer, "non-technical")
    return coverage.holds(catalogue, member.held, layer, depth, today=today)


@dataclass(frozen=True)
class _Elsewhere:
    """The organisation's Layer 5 owners outside the audited roster: names the reader sees, and how many more."""

    named: tuple[str, ...]
    unseen: int

    def __bool__(self) -> bool:
        return bool(self.named) or self.unseen > 0


def _governance(
    catalogue: Catalogue, policy: TeamPolicy, roster: Roster, today: date, owners_elsewhere: _Elsewhere
) -> Iterator[Finding]:
    """GOVERNANCE-DAY-ONE is one programme: enough people who can own Layer 5 for the organisation."""
    roles = catalogue.roles
    owners = [
        m for m in roster.members if roles[m.role].owns_governance or _holds(catalogue, policy, m, today, 5)
    ]
    if owners_elsewhere:
        # Audited inside a larger organisation: its programme's owners count for this part of it.
        if not owners:
            for team, members in roster.teams().items():
                yield _no_owner(team, members, owners_elsewhere)
        return
    needed = owners_needed(policy, len(roster.members))
    if len(owners) < needed:
        yield Finding(
            "GOVERNANCE-DAY-ONE",
            "warning",
            f"{len(owners)} of {how_many(len(roster.members), 'person')} can own Layer 5 (a governance, compliance, legal or "
            f"privacy role, or Layer 5 evidence); the organisation needs {needed} "
            f"(one per {policy.people_per_governance_owner}).",
            "`certpath plan` names owners (leads when no such role is left) and starts their Layer 5 right after Layer 1.",
            members=tuple(m.id for m in owners),
        )


def _team(
    catalogue: Catalogue, policy: TeamPolicy, team: str, members: tuple[Member, ...], today: date
) -> Iterator[Finding]:
    without_l1 = [m.id for m in members if not _holds(catalogue, policy, m, today, 1)]
    if without_l1:
        yield Finding(
            "L1-FIRST",
            "warning",
            f"{team}: {len(without_l1)} of {how_many(len(members), 'person')} do not hold Layer 1 foundations "
            "(fresh, valid evidence at their depth).",
            "Plan Layer 1 for them before anything else.",
            subject=team,
            members=tuple(without_l1),
        )


def _no_owner(team: str, members: tuple[Member, ...], owners_elsewhere: _Elsewhere) -> Finding:
    """GOVERNANCE-DAY-ONE, as a note, for a team with no owner of its own inside an organisation that has one.

    The heatmap shows Layer 5 only where a role needs it, so the note says what it looked for; it
    names only owners the reader may see.
    """
    if owners_elsewhere.named:
        shown = owners_elsewhere.named[:3]
        more = len(owners_elsewhere.named) - len(shown) + owners_elsewhere.unseen
        where = f"outside it ({', '.join(shown)}{f' and {more} more' if more else ''})"
    else:
        where = "outside your team"
    return Finding(
        "GOVERNANCE-DAY-ONE",
        "info",
        f"{team}: no one in the team has a governance role or holds Layer 5; the organisation's Layer 5 "
        f"is owned {where}.",
        "Keep that owner informed of this team's models, or name an owner inside the team.",
        subject=team,
        members=tuple(m.id for m in members),
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
    if earned is not None and today >= coverage.refresh_due_on(earned):
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
