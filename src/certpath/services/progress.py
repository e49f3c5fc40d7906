"""Tracking use cases that read: status per person and layer, team gaps, what is due, the training matrix."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from certpath.catalogue import coverage
from certpath.catalogue.model import Catalogue, TeamPolicy
from certpath.errors import EmptyStoreError, NotFoundError, NotInScopeError, SettingError
from certpath.planning.requirements import weeks_for
from certpath.planning.scheduling import cost_of, hours_of
from certpath.reports.due import due_items
from certpath.reports.progress import (
    DueItem,
    Gap,
    GapsReport,
    LiteracyCount,
    MemberCell,
    StatusReport,
    covered_by,
)
from certpath.services.names import check_team
from certpath.services.store_plans import close_costs, organisation_policy
from certpath.tracking.model import Scope as Scope
from certpath.tracking.status import LayerEvidence, layer_status, summary_stage
from certpath.tracking.summary import CatalogueMaps

if TYPE_CHECKING:
    from certpath.tracking.model import Person
    from certpath.tracking.ports import UnitOfWork


def _summarised(uow: UnitOfWork, catalogue: Catalogue) -> None:
    """Make sure the store's maps and summary follow the catalogue's coverage model."""
    uow.summarise(CatalogueMaps.of(catalogue))


def _needs(catalogue: Catalogue, policy: TeamPolicy, person: Person) -> dict[int, coverage.Depth]:
    """The layers and depths `person` needs under `policy` (the coverage model)."""
    return coverage.needed_layers(
        catalogue,
        policy,
        person.role,
        deploys=person.deploys_to_production,
        leads=person.leads_externally,
    )


def _check_scope(scope: Scope, found: int) -> None:
    if found:
        return
    if scope.person is not None:
        raise NotFoundError(f"No active person with employee id '{scope.person}' is in the store.")
    if scope.manager is not None:
        raise NotFoundError(f"No active people in that part of the reporting chain of '{scope.manager}'.")
    if scope.team is not None:
        raise NotInScopeError(f"No active people in team '{scope.team}'.", kind="team", names=[scope.team])
    raise EmptyStoreError("The store has no people yet.")


def status_report(
    uow: UnitOfWork, catalogue: Catalogue, *, today: date, scope: Scope, policy: str | None = None
) -> StatusReport:
    """Every person in scope with the state of each layer they need and their next action."""
    _summarised(uow, catalogue)
    with uow:
        check_team(uow, scope)
        chosen = organisation_policy(uow, catalogue, policy)
        people = uow.people.active(scope=scope)
        _check_scope(scope, len(people))
        rows = uow.reads.layer_evidence(policy=chosen.id, scope=scope)
    verified_only = coverage.counts_verified_only(chosen)  # VERIFIED-LAYERS: claimed evidence does not count
    found = {
        (r.person_id, r.layer, r.depth): LayerEvidence.from_row(r, verified_only=verified_only) for r in rows
    }
    report = StatusReport(today, chosen.id, verified_only=verified_only)
    for person in people:
        layers = [
            layer_status(person.id, layer, depth, found.get((person.id, layer, depth)), today=today)
            for layer, depth in _needs(catalogue, chosen, person).items()
        ]
        report.people.append((person, layers))
    return report


def gaps_report(
    uow: UnitOfWork,
    catalogue: Catalogue,
    *,
    today: date,
    scope: Scope,
    bus_factor: int,
    min_freshness: float,
    verified_only: bool,
    policy: str | None = None,
    with_members: bool = False,
    with_literacy: bool = False,
) -> GapsReport:
    """Layer coverage per team counted in SQL; a layer is covered when `bus_factor` holders have fresh evidence.

    `with_members` adds the member x layer matrix and `with_literacy` the per-person Layer 1 list.
    """
    if bus_factor < 1:
        reason = "at least one holder is needed for a layer to count."
        raise SettingError(reason, setting="bus_factor", value=bus_factor)
    if not 0 < min_freshness <= 1:
        reason = "give a number above 0 and at most 1, such as 0.25."
        raise SettingError(reason, setting="min_freshness", value=min_freshness)
    _summarised(uow, catalogue)
    since = coverage.fresh_since(today, min_freshness)
    with uow:
        check_team(uow, scope)
        chosen = organisation_policy(uow, catalogue, policy)
        verified_only = verified_only or coverage.counts_verified_only(chosen)
        accepted = ("verified",) if verified_only else ("verified", "recorded", "claimed")
        rows = uow.reads.team_coverage(
            policy=chosen.id,
            today=today,
            fresh_since=since,
            verified_only=verified_only,
            scope=scope,
        )
        _check_scope(scope, len(rows))
        hours = uow.reads.team_hours(scope=scope)
        cells: list[MemberCell] = []
        if with_members or with_literacy:
            cells = _member_cells(
                uow,
                catalogue,
                chosen,
                scope=scope,
                today=today,
                min_freshness=min_freshness,
                verified_only=verified_only,
            )
        literate = []
        if with_literacy:
            proofs = coverage.proof_map(catalogue)
            l1_items = sorted(item for item, pairs in proofs.items() if any(n == 1 for n, _ in pairs))
            literate = uow.reads.literacy(l1_items, scope=scope)
    covered: dict[str, dict[int, tuple[int, int]]] = {}
    lacking: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for row in rows:
        needing, holding = covered.setdefault(row.team, {}).get(row.layer, (0, 0))
        covered[row.team][row.layer] = (needing + row.needing, holding + row.holding)
        lacking.setdefault((row.team, row.layer), []).append((row.depth, row.needing - row.holding))
    gaps = []
    for team, layers in sorted(covered.items()):
        for layer, (needing, holding) in sorted(layers.items()):
            required = min(bus_factor, needing)
            if not covered_by(needing, holding, bus_factor=bus_factor):
                short = lacking[(team, layer)]
                gaps.append(_gap(catalogue, team, layer, needing, holding, required, short, hours))
    gaps = _priced_by_plan(uow, catalogue, gaps, today=today, scope=scope, policy=chosen.id)
    # AI literacy is holding Layer 1, the same count as the Layer 1 cells (everyone needs Layer 1).
    counts = [LiteracyCount(team, *layers.get(1, (0, 0))) for team, layers in sorted(covered.items())]
    layer_1 = {c.person: c.standing for c in cells if c.layer == 1}
    return GapsReport(
        today,
        chosen.id,
        bus_factor,
        min_freshness,
        accepted,
        covered,
        gaps,
        cells if with_members else [],
        counts,
        [(row, layer_1.get(row.id, "missing")) for row in literate],
    )


def _member_cells(
    uow: UnitOfWork,
    catalogue: Catalogue,
    policy: TeamPolicy,
    *,
    scope: Scope,
    today: date,
    min_freshness: float,
    verified_only: bool,
) -> list[MemberCell]:
    """Every active person in scope on every layer they need, by the coverage model's standing."""
    found = {
        (r.person_id, r.layer, r.depth): r for r in uow.reads.layer_evidence(policy=policy.id, scope=scope)
    }
    cells = []
    for person in uow.people.active(scope=scope):
        for layer, depth in _needs(catalogue, policy, person).items():
            row = found.get((person.id, layer, depth))
            mark = summary_stage(row, today=today, min_freshness=min_freshness, verified_only=verified_only)
            cells.append(
                MemberCell(person.id, person.team, layer, coverage.standing_of(mark), mark == "refresh-due")
            )
    return cells


def _gap(
    catalogue: Catalogue,
    team: str,
    layer: int,
    needing: int,
    holding: int,
    required: int,
    lacking: list[tuple[str, int]],
    hours: dict[str, float],
) -> Gap:
    """Close the gap with the cheapest course of the layer for the depths of the people who lack it."""
    short = required - holding
    options = []
    for depth, count in lacking:
        courses = [
            c for c in catalogue.courses.values() if c.layer == layer and c.depth in (depth, "everyone")
        ]
        for course in courses:
            cost = cost_of(catalogue, course)
            options.append((cost if cost is not None else float("inf"), course, count))
    if not options:
        return Gap(team, layer, needing, holding, required, None, None, None)
    cost, course, _ = min(options, key=lambda o: (o[0], o[1].id))
    total = None if cost == float("inf") else round(cost * short, 2)
    weeks = weeks_for(hours_of(course), hours.get(team, 5.0))
    return Gap(team, layer, needing, holding, required, course.id, total, weeks)


def _priced_by_plan(
    uow: UnitOfWork, catalogue: Catalogue, gaps: list[Gap], *, today: date, scope: Scope, policy: str
) -> list[Gap]:
    """What closes each gap and its cost: what an unbudgeted plan for the team schedules in that layer.

    The overview, `certpath gaps` and a plan built for the team then show the same items and cost
    (planning/costing.py; README "Cost to close a gap"). A gap no plan item closes keeps the
    cheapest course of the layer as its estimate.
    """
    costs = close_costs(uow, catalogue, today=today, scope=scope, teams=[g.team for g in gaps], policy=policy)
    priced = []
    for gap in gaps:
        layer = costs[gap.team].layer(gap.layer) if gap.team in costs else None
        if layer is not None:
            gap = replace(gap, item=", ".join(layer.items), cost_usd=layer.cost_usd)
        priced.append(gap)
    return priced


def due_report(
    uow: UnitOfWork,
    catalogue: Catalogue,
    *,
    today: date,
    within_days: int,
    scope: Scope,
    policy: str | None = None,
    overdue_only: bool = False,
) -> list[DueItem]:
    """Expiries, open renewal windows and layer refreshes coming due within `within_days`, soonest first,
    one item per lapse (reports/due.py).

    Whatever is past due stays listed, however long ago, until it is renewed or refreshed: an
    expired credential or an overdue refresh is the first thing to act on, not history.
    `overdue_only` keeps only those.
    """
    if within_days < 0:
        reason = "give a number of days of 0 or more, such as 90."
        raise SettingError(reason, setting="within_days", value=within_days)
    until = today + timedelta(days=within_days)
    _summarised(uow, catalogue)
    with uow:
        check_team(uow, scope)
        if scope.person is not None and not uow.people.in_scope(scope.person, scope=scope):
            _check_scope(scope, 0)
        rows = uow.reads.expiring(until=today if overdue_only else until, scope=scope)
        stale = uow.reads.stale_layers(
            policy=organisation_policy(uow, catalogue, policy).id,
            # A refresh is due by the last day the layer holds: listed when that day is in range.
            last_before=(today if overdue_only else until)
            - timedelta(days=coverage.max_age_days(coverage.MIN_FRESHNESS)),
            scope=scope,
        )
    return due_items(catalogue, rows, stale, today=today, overdue_only=overdue_only)
