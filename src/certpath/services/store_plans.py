"""Use case: plan the people in the store (some teams, some people, or everyone active).

The CLI (`certpath plan` without a roster file), the API (`POST /api/v1/plans`) and the
dashboard's plan builder all call `plan_from_store`, so they pick the same people, read the
same evidence and choose the same policy: the one for the size of the whole active
organisation, not of the few people planned (a team of 11 in an organisation of 120 follows the
enterprise policy), unless a policy is asked for. Under a policy with VERIFIED-LAYERS they count
only verified holdings, as status and gaps do (planning/verified.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from certpath.accounts.roles import Action, Principal
from certpath.catalogue.model import Catalogue, TeamPolicy
from certpath.errors import EmptyStoreError
from certpath.planning.costing import TeamCost, priced_instances, team_costs
from certpath.planning.governance import choose_owners
from certpath.planning.instance import PlanRequest, build_instances
from certpath.planning.plan import Plan
from certpath.planning.team_planner import choose_policy
from certpath.planning.verified import counted_holdings, set_aside_finding
from certpath.roster.model import Member, Roster
from certpath.services.names import check_people, check_teams
from certpath.services.planning import plan_team, policy_choice
from certpath.services.plans import StoredPlan, roster_from_store, save_plan
from certpath.tracking.model import Scope

if TYPE_CHECKING:
    from certpath.tracking.ports import UnitOfWork


@dataclass(frozen=True)
class Selection:
    """Who to plan: these teams and these people (by employee id); both empty means everyone in scope."""

    teams: tuple[str, ...] = ()
    people: tuple[str, ...] = ()

    def describe(self) -> str:
        """'Data, Apps and E7' or 'Everyone', for a plan's default title."""
        named = [*self.teams, *self.people]
        if not named:
            return "Everyone"
        return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def people_to_plan(uow: UnitOfWork, *, scope: Scope, selection: Selection) -> tuple[Roster, int]:
    """The selected active people as a roster holding their stored evidence, and the active organisation's size."""

    with uow:
        size = uow.reads.active_count()
        if size == 0:
            raise EmptyStoreError("The store has no active people yet, so there is nobody to plan.")
        check_teams(uow, selection.teams, scope=scope)
        check_people(uow, selection.people, scope=scope)
    return _load(uow, scope, selection), size


#: Above this many named people, read everyone in scope once rather than each person on their own.
PEOPLE_ONE_BY_ONE = 200
#: Above this many named teams, read everyone in scope once rather than each team on its own.
TEAMS_ONE_BY_ONE = 20


def _load(uow: UnitOfWork, scope: Scope, selection: Selection) -> Roster:
    """Read only the selected people (a team at a time), so a big organisation is not read whole."""
    if not selection.teams and not selection.people:
        return roster_from_store(uow, scope=scope)
    teams = list(dict.fromkeys(selection.teams))
    parts = [replace(scope, team=team) for team in teams] if len(teams) <= TEAMS_ONE_BY_ONE else [scope]
    if len(selection.people) <= PEOPLE_ONE_BY_ONE:
        parts += [replace(scope, person=person) for person in dict.fromkeys(selection.people)]
    else:
        parts.append(scope)
    wanted_teams, wanted_people = set(selection.teams), set(selection.people)
    members: dict[str, Member] = {}
    for part in parts:
        for member in roster_from_store(uow, scope=part).members:
            if member.team in wanted_teams or member.id in wanted_people:
                members.setdefault(member.id, member)
    return Roster("store", tuple(sorted(members.values(), key=lambda m: (m.team, m.id))), {})


def plan_from_store(
    uow: UnitOfWork,
    catalogue: Catalogue,
    request: PlanRequest,
    *,
    scope: Scope,
    selection: Selection,
) -> Plan:
    """Plan the selected people with their stored evidence, under the whole active organisation's policy."""
    roster, size = people_to_plan(uow, scope=scope, selection=selection)
    chosen, _ = choose_policy(catalogue, len(roster.members), policy_choice(request.policy), org_size=size)
    roster, set_aside = counted_holdings(roster, chosen)  # VERIFIED-LAYERS, as status and gaps count
    owners = None
    if selection.teams or selection.people:  # part of the organisation: its programme's owners
        owners = programme_owners(uow, catalogue, request.policy, today=request.start)
    plan = plan_team(catalogue, roster, replace(request, org_size=size, governance_owners=owners))
    if not set_aside:
        return plan
    others = tuple(f for f in plan.findings if f.rule != "VERIFIED-LAYERS")
    return replace(plan, findings=(*others, set_aside_finding(chosen, set_aside)))


def programme_owners(
    uow: UnitOfWork, catalogue: Catalogue, policy: str | None, *, today: date
) -> tuple[str, ...]:
    """The ids of the organisation's Layer 5 owners (GOVERNANCE-DAY-ONE is one programme), chosen
    over every active person whatever the caller's scope, so a plan of one team names the same
    owners as a plan of everyone (only those inside the plan are named to the caller)."""
    return tuple(m.id for m in programme_members(uow, catalogue, policy, today=today))


def programme_members(
    uow: UnitOfWork, catalogue: Catalogue, policy: str | None, *, today: date
) -> tuple[Member, ...]:
    """The organisation's Layer 5 owners as people (`programme_owners`), for pages that name them."""
    return _owners_among(catalogue, roster_from_store(uow, scope=Scope()), policy, today=today)


def _owners_among(
    catalogue: Catalogue, everyone: Roster, policy: str | None, *, today: date
) -> tuple[Member, ...]:
    """The Layer 5 owners chosen over `everyone` (the whole active organisation)."""
    size = len(everyone.members)
    chosen, _ = choose_policy(catalogue, size, policy_choice(policy), org_size=size)
    everyone, _ = counted_holdings(everyone, chosen)
    return tuple(o.member for o in choose_owners(catalogue, chosen, everyone.members, today=today))


def close_costs(
    uow: UnitOfWork,
    catalogue: Catalogue,
    *,
    today: date,
    scope: Scope,
    teams: Iterable[str],
    policy: str | None = None,
) -> dict[str, TeamCost]:
    """Team -> what an unbudgeted plan for it, starting `today`, would schedule and pay (planning.costing).

    The same people, evidence, policy and instance as `plan_from_store`, without the scheduling.
    """
    costs: dict[str, TeamCost] = {}
    wanted = tuple(dict.fromkeys(teams))
    if not wanted:
        return costs
    # The whole organisation is read once: it chooses the governance owners and holds the teams.
    everyone = roster_from_store(uow, scope=Scope())
    owners = tuple(m.id for m in _owners_among(catalogue, everyone, policy, today=today))
    with uow:
        check_teams(uow, wanted, scope=scope)
        visible = uow.people.ids_in_scope(scope=scope)
    size = len(everyone.members)
    by_team: dict[str, list[Member]] = {}
    for member in everyone.members:
        if member.id in visible:
            by_team.setdefault(member.team, []).append(member)
    for team in wanted:
        # One team at a time, as a plan of that one team plans it.
        roster = Roster("store", tuple(by_team.get(team, ())), {})
        chosen, _ = choose_policy(catalogue, len(roster.members), policy_choice(policy), org_size=size)
        roster, _ = counted_holdings(roster, chosen)
        request = PlanRequest(start=today, org_size=size, governance_owners=owners)
        instances, _ = build_instances(catalogue, roster, chosen, request)
        costs.update(team_costs(priced_instances(catalogue, instances)))
    return costs


def create_store_plan(
    uow: UnitOfWork,
    catalogue: Catalogue,
    me: Principal,
    request: PlanRequest,
    *,
    selection: Selection,
    title: str,
) -> StoredPlan:
    """Plan the selected people that `me` can see, read from the store, and keep the plan as a
    draft (the API's and the dashboard's builder)."""
    me.require(Action.PLAN)
    plan = plan_from_store(uow, catalogue, request, scope=me.scope, selection=selection)
    one_team = selection.teams[0] if len(selection.teams) == 1 and not selection.people else None
    title = title or f"{selection.describe()} from {request.start}"
    return save_plan(uow, plan, request, title=title, team=one_team)


def organisation_policy(uow: UnitOfWork, catalogue: Catalogue, override: str | None = None) -> TeamPolicy:
    """The policy asked for, or the one for the whole active organisation's size (in an open unit
    of work): plans from the store, status, gaps and due all judge by it."""
    return _policy_for(catalogue, uow.reads.active_count(), override)


def automatic_policy(uow: UnitOfWork, catalogue: Catalogue) -> tuple[str, int]:
    """The policy a plan from the store follows when none is asked for, and the active head count it is chosen by."""
    with uow:
        size = uow.reads.active_count()
    return _policy_for(catalogue, size, None).id, size


def _policy_for(catalogue: Catalogue, active: int, override: str | None) -> TeamPolicy:
    size = max(active, 1)
    return choose_policy(catalogue, size, policy_choice(override), org_size=size)[0]
