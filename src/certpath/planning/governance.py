"""GOVERNANCE-DAY-ONE as one programme for the organisation: how many Layer 5 owners, and who.

The number of owners scales with the organisation (the policy's `people_per_governance_owner`,
at least one). Owners are drawn first from roles that own governance (AI governance,
compliance, privacy, legal), then from roles whose work already includes Layer 5, then from
leads (people who lead externally or manage others). Only when none of those is left is
anyone else named, programme and product leaders before others, and the plan says so.
Within a tier, people who already hold Layer 5 go first (nothing to buy), then owners are
spread over teams before a team gets a second one, and someone who manages others on the roster
goes before the people they could be managing (a head of compliance before the analysts), however
the export is sorted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from certpath.catalogue import coverage
from certpath.catalogue.model import Catalogue, TeamPolicy
from certpath.kernel import Finding, how_many
from certpath.roster.model import Member

WHY = (
    "their role owns governance",
    "their role already includes Layer 5",
    "they lead or manage people and no governance, compliance, legal or privacy role was left",
    "nobody with a governance, compliance, legal, privacy or lead role was left; "
    "add one to the roster to change this",
)


@dataclass(frozen=True, slots=True)
class Owner:
    """A member named to own Layer 5 from day one, and why them."""

    member: Member
    tier: int

    @property
    def why(self) -> str:
        return WHY[self.tier]


def owners_needed(policy: TeamPolicy, people: int) -> int:
    """How many Layer 5 owners an organisation of `people` needs: one per policy share, at least one."""
    if people <= 0:
        return 0
    return min(people, max(1, math.ceil(people / policy.people_per_governance_owner)))


def choose_owners(
    catalogue: Catalogue, policy: TeamPolicy, members: tuple[Member, ...], *, today: date
) -> list[Owner]:
    """The organisation's Layer 5 owners, best candidates first (see the module docstring)."""
    return ranked(catalogue, members, today=today)[: owners_needed(policy, len(members))]


def ranked(catalogue: Catalogue, members: tuple[Member, ...], *, today: date) -> list[Owner]:
    """Every member as a candidate Layer 5 owner, best first."""
    managers = {m.manager_id for m in members if m.manager_id}
    keyed = []
    for position, member in enumerate(members):
        holds = coverage.holds(catalogue, member.held, 5, "non-technical", today=today)
        tier = _tier(catalogue, member, managers)
        manages = member.id in managers
        keyed.append(
            ((tier, _fallback(catalogue, member), not holds, not manages, position), Owner(member, tier))
        )
    keyed.sort(key=lambda pair: pair[0])
    spread = []
    in_team: dict[str, int] = {}
    for (tier, fallback, not_held, not_manager, position), owner in keyed:
        nth = in_team.get(owner.member.team, 0)
        in_team[owner.member.team] = nth + 1
        spread.append(((tier, fallback, not_held, nth, not_manager, position), owner))
    spread.sort(key=lambda pair: pair[0])
    return [owner for _, owner in spread]


def _tier(catalogue: Catalogue, member: Member, managers: set[str]) -> int:
    role = catalogue.roles.get(member.role)
    if role is not None and role.owns_governance:
        return 0
    if role is not None and any(rl.layer == 5 for rl in role.layers):
        return 1
    leads = member.leads_externally or (role is not None and role.leads_externally)
    return 2 if leads or member.id in managers else 3


def _fallback(catalogue: Catalogue, member: Member) -> int:
    """Among the rest: programme and product leaders (Layer 6), then technical roles, then others."""
    role = catalogue.roles.get(member.role)
    if role is None:
        return 2
    if any(rl.layer == 6 for rl in role.layers):
        return 0
    return 1 if role.technical else 2


def owner_findings(policy: TeamPolicy, owners: list[Owner], people: int) -> list[Finding]:
    """One note for the programme's size, one per owner saying why them."""
    share = policy.people_per_governance_owner
    size = Finding(
        "GOVERNANCE-DAY-ONE",
        "info",
        f"The governance programme has {len(owners)} Layer 5 owner{'s' if len(owners) != 1 else ''} for "
        f"{how_many(people, 'person')}: one per {share} people (the {policy.id} policy's people_per_governance_owner).",
        "Change people_per_governance_owner in a catalogue overlay for more or fewer owners.",
        members=tuple(o.member.id for o in owners),
    )
    return [size, *owner_findings_named(owners)]


def programme_findings(owners: list[Owner], programme: int, people: int) -> list[Finding]:
    """The notes for a plan of part of an organisation whose `programme` owners were chosen over all `people`."""
    size = Finding(
        "GOVERNANCE-DAY-ONE",
        "info",
        f"The organisation's governance programme has {programme} Layer 5 owner{'s' if programme != 1 else ''}, "
        f"chosen over its {people} active people; {len(owners)} of them {'is' if len(owners) == 1 else 'are'} "
        "in this plan.",
        "Plan the whole organisation (certpath plan with no --team or --person) to see every owner.",
        members=tuple(o.member.id for o in owners),
    )
    return [size, *owner_findings_named(owners)]


def owner_findings_named(owners: list[Owner]) -> list[Finding]:
    """One note per owner saying why them."""
    return [
        Finding(
            "GOVERNANCE-DAY-ONE",
            "info" if owner.tier < 3 else "warning",
            f"{owner.member.name} ({owner.member.role}, {owner.member.team or 'no team'}) owns Layer 5 "
            f"from day one: {owner.why}.",
            "Nothing to do." if owner.tier < 3 else "Add a governance, compliance, legal or privacy role.",
            subject=owner.member.team or None,
            members=(owner.member.id,),
        )
        for owner in owners
    ]
