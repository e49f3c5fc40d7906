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

from rapidfuzz import fuzz, process

from certpath.accounts.roles import Action, Principal
from certpath.catalogue.model import Catalogue
from certpath.errors import InputError, NotFoundError
from certpath.planning.costing import TeamCost, team_costs
from certpath.planning.governance import choose_owners
from certpath.planning.instance import PlanRequest, build_instances
from certpath.planning.plan import Plan
from certpath.planning.team_planner import choose_policy
from certpath.planning.verified import counted_holdings, set_aside_finding
from certpath.roster.model import Member, Roster
from certpath.services.planning import plan_team, policy_choice
from certpath.services.plans import StoredPlan, save_plan, stored_roster
from certpath.tracking import queries
from certpath.tracking.model import Scope

if TYPE_CHECKING:
    from certpath.tracking.database import Engine
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


def people_to_plan(engine: Engine, *, scope: Scope, selection: Selection) -> tuple[Roster, int]:
    """The selected active people as a roster holding their stored evidence, and the active organisation's size."""

    with engine.connect() as connection:
        size = queries.active_count(connection)
        if size == 0:
            raise InputError(
                "The store has no active people yet, so there is nobody to plan: import a roster first "
                "(`certpath roster import FILE`, or Rosters on the dashboard), or plan a roster file."
            )
        if selection.teams:
            known = [row.team for row in queries.teams(connection, scope=scope)]
            _check_known("team", selection.teams, known, listing="`certpath gaps` lists the teams")
        if selection.people:
            ids = sorted(queries.ids_in_scope(connection, scope=scope))
            _check_known("person id", selection.people, ids, listing="`certpath status` lists the people")
    return _load(engine, scope, selection), size


#: Above this many named people, read everyone in scope once rather than each person on their own.
PEOPLE_ONE_BY_ONE = 200


def _roster(engine: Engine, scope: Scope) -> Roster:
    """The active people in scope with their completions (services/plans.py `stored_roster`)."""
    with engine.connect() as connection:
        people = queries.active_people(connection, scope=scope)
        done = queries.completed_items(connection, scope=scope)
    return stored_roster(people, done)


def _load(engine: Engine, scope: Scope, selection: Selection) -> Roster:
    """Read only the selected people (a team at a time), so a big organisation is not read whole."""
    if not selection.teams and not selection.people:
        return _roster(engine, scope)
    parts = [replace(scope, team=team) for team in dict.fromkeys(selection.teams)]
    if len(selection.people) <= PEOPLE_ONE_BY_ONE:
        parts += [replace(scope, person=person) for person in dict.fromkeys(selection.people)]
    else:
        parts.append(scope)
    wanted_teams, wanted_people = set(selection.teams), set(selection.people)
    members: dict[str, Member] = {}
    for part in parts:
        for member in _roster(engine, part).members:
            if member.team in wanted_teams or member.id in wanted_people:
                members.setdefault(member.id, member)
    return Roster("store", tuple(sorted(members.values(), key=lambda m: (m.team, m.id))), {})


def _check_known(what: str, asked: Iterable[str], known: list[str], *, listing: str) -> None:
    """NotFoundError naming every unknown value, with the closest known ones."""
    unknown = [name for name in dict.fromkeys(asked) if name not in set(known)]
    if not unknown:
        return
    parts = []
    for name in unknown:
        found = process.extract(name, known, scorer=fuzz.ratio, limit=3, score_cutoff=70)
        close = [match for match, _, _ in found]
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        parts.append(f"'{name}'{hint}")
    plural = "s" if len(unknown) > 1 else ""
    raise NotFoundError(
        f"No active {what}{plural} {', '.join(parts)} among the people you can see; {listing}."
    )


def plan_from_store(
    engine: Engine,
    catalogue: Catalogue,
    request: PlanRequest,
    *,
    scope: Scope,
    selection: Selection,
) -> Plan:
    """Plan the selected people with their stored evidence, under the whole active organisation's policy."""
    roster, size = people_to_plan(engine, scope=scope, selection=selection)
    chosen, _ = choose_policy(catalogue, len(roster.members), policy_choice(request.policy), org_size=size)
    roster, set_aside = counted_holdings(roster, chosen)  # VERIFIED-LAYERS, as status and gaps count
    owners = None
    if selection.teams or selection.people:  # part of the organisation: its programme's owners
        owners = programme_owners(engine, catalogue, request.policy, today=request.start)
    plan = plan_team(catalogue, roster, replace(request, org_size=size, governance_owners=owners))
    if not set_aside:
        return plan
    others = tuple(f for f in plan.findings if f.rule != "VERIFIED-LAYERS")
    return replace(plan, findings=(*others, set_aside_finding(chosen, set_aside)))


def programme_owners(
    engine: Engine, catalogue: Catalogue, policy: str | None, *, today: date
) -> tuple[str, ...]:
    """The ids of the organisation's Layer 5 owners (GOVERNANCE-DAY-ONE is one programme), chosen
    over every active person whatever the caller's scope, so a plan of one team names the same
    owners as a plan of everyone (only those inside the plan are named to the caller)."""
    everyone = _roster(engine, Scope())
    size = len(everyone.members)
    chosen, _ = choose_policy(catalogue, size, policy_choice(policy), org_size=size)
    everyone, _ = counted_holdings(everyone, chosen)
    return tuple(o.member.id for o in choose_owners(catalogue, chosen, everyone.members, today=today))


def close_costs(
    engine: Engine,
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
    owners = programme_owners(engine, catalogue, policy, today=today) if wanted else ()
    for team in wanted:
        # One team at a time, as `certpath plan --team T` plans it.
        roster, size = people_to_plan(engine, scope=scope, selection=Selection(teams=(team,)))
        chosen, _ = choose_policy(catalogue, len(roster.members), policy_choice(policy), org_size=size)
        roster, _ = counted_holdings(roster, chosen)
        request = PlanRequest(start=today, org_size=size, governance_owners=owners)
        instances, _ = build_instances(catalogue, roster, chosen, request)
        costs.update(team_costs(instances))
    return costs


def create_store_plan(
    uow: UnitOfWork,
    engine: Engine,
    catalogue: Catalogue,
    me: Principal,
    request: PlanRequest,
    *,
    selection: Selection,
    title: str,
) -> StoredPlan:
    """Plan the selected people that `me` can see, read from the store through `engine`, and keep
    the plan as a draft in `uow` (the API's and the dashboard's builder)."""
    me.require(Action.PLAN)
    plan = plan_from_store(engine, catalogue, request, scope=me.scope, selection=selection)
    one_team = selection.teams[0] if len(selection.teams) == 1 and not selection.people else None
    title = title or f"{selection.describe()} from {request.start}"
    return save_plan(uow, plan, request, title=title, team=one_team)


def automatic_policy(engine: Engine, catalogue: Catalogue) -> tuple[str, int]:
    """The policy a plan from the store follows when none is asked for, and the active head count it is chosen by."""
    with engine.connect() as connection:
        size = queries.active_count(connection)
    return catalogue.policy_for_size(max(size, 1)).id, size
