"""One definition each of which layers a piece of evidence proves and which layers a person needs.

Status, gaps, due and the training matrix all use these, in Python and (as small lookup
tables) in SQL, so a layer means the same thing everywhere in tracking.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from certpath.catalogue.model import Catalogue, TeamPolicy
from certpath.catalogue.validity import add_months
from certpath.tracking.expiry import HALF_LIFE_MONTHS
from certpath.tracking.model import Person

#: Default bus factor: a team has a layer when at least this many of the people who need it hold it.
BUS_FACTOR = 2
#: Default lowest freshness that still counts: 0.25 is two half-lives, twelve months after the evidence.
MIN_FRESHNESS = 0.25


def item_layers(catalogue: Catalogue) -> dict[str, tuple[int, ...]]:
    """Item id -> the layers its evidence proves: a course its layer, a credential every layer it covers."""
    layers: dict[str, tuple[int, ...]] = {c.id: (c.layer,) for c in catalogue.courses.values()}
    layers.update({c.id: tuple(sorted(c.layers)) for c in catalogue.credentials.values()})
    return layers


@dataclass(frozen=True)
class Needs:
    """Layer -> depth for each role under one policy, plus the layers that flags add."""

    policy: TeamPolicy
    by_role: dict[str, dict[int, str]]

    def for_person(self, person: Person) -> dict[int, str]:
        """The layers `person` needs: their role's, Layer 3 if they deploy, Layer 6 if they lead externally."""
        return self.for_profile(person.role, person.deploys_to_production, person.leads_externally)

    def for_profile(self, role: str, deploys: bool, leads: bool) -> dict[int, str]:
        """Layer -> depth for anyone with this role and these flags."""
        layers = dict(self.by_role.get(role, {1: "non-technical"}))
        if deploys:
            layers.setdefault(3, "technical")
        if leads:
            layers.setdefault(6, "non-technical")
        return dict(sorted(layers.items()))


def needs_under(catalogue: Catalogue, policy: TeamPolicy) -> Needs:
    """What each role needs under `policy`: the role's layers, the policy's full-team layers, Layer 1."""
    by_role: dict[str, dict[int, str]] = {}
    for role in catalogue.roles.values():
        depth = "technical" if role.technical else "non-technical"
        layers: dict[int, str] = {rl.layer: rl.depth for rl in role.layers}
        for layer in (*policy.full_team_layers, 1):
            layers.setdefault(layer, depth)
        by_role[role.id] = dict(sorted(layers.items()))
    return Needs(policy, by_role)


def fresh_since(today: date, min_freshness: float) -> date:
    """The oldest evidence date whose freshness 0.5 ** (months / 6) is still at least `min_freshness`."""
    months = HALF_LIFE_MONTHS * math.log2(1 / min_freshness)
    return add_months(today, -math.floor(months))


def need_rows(catalogue: Catalogue) -> set[tuple[str, str, bool, bool, int, str]]:
    """(policy, role, deploys, leads, layer, depth) for every policy, role and pair of flags."""
    rows = set()
    for policy in catalogue.team_policies.values():
        needs = needs_under(catalogue, policy)
        for role in catalogue.roles:
            for deploys in (False, True):
                for leads in (False, True):
                    for layer, depth in needs.for_profile(role, deploys, leads).items():
                        rows.add((policy.id, role, deploys, leads, layer, depth))
    return rows
