"""Check any plan against the roadmap's rules, without the solver.

Used on every plan certpath makes (tests assert no errors) and by `certpath audit` on
hand-made plans. Each check is named after its rule id and returns findings.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from certpath.catalogue import coverage
from certpath.catalogue.coverage import Depth
from certpath.catalogue.model import Catalogue
from certpath.kernel import Finding, how_many
from certpath.planning.governance import owners_needed
from certpath.planning.plan import Assignment, Plan
from certpath.planning.requirements import member_layers, prerequisite_met
from certpath.planning.team_model import quarter_index, waits_for_team_l3
from certpath.planning.validate_sessions import cohort_seats, self_paced
from certpath.roster.model import Member


@dataclass
class _View:
    plan: Plan
    catalogue: Catalogue
    by_member: dict[str, list[Assignment]]
    members: dict[str, Member]

    def team_of(self, member: str) -> str:
        return self.members[member].team if member in self.members else ""

    def depth_of(self, member: Member, layer: int) -> Depth:
        """The depth the member needs `layer` at (non-technical when their role does not need it)."""
        return member_layers(self.catalogue, self.plan.policy, member, owner=True).get(layer, "non-technical")

    def holds(self, member: Member, layer: int) -> bool:
        """The coverage model's answer: the member holds `layer` at their depth on the plan's start."""
        depth = self.depth_of(member, layer)
        return coverage.holds(self.catalogue, member.held, layer, depth, today=self.plan.start)


Check = Callable[[_View], Iterator[Finding]]


def validate_plan(catalogue: Catalogue, plan: Plan) -> list[Finding]:
    """Every rule the plan breaks (errors) or should heed (warnings), in rule order."""
    by_member: dict[str, list[Assignment]] = {}
    for a in sorted(plan.assignments, key=lambda a: (a.start, a.end, a.item)):
        by_member.setdefault(a.member, []).append(a)
    view = _View(plan, catalogue, by_member, {m.id: m for m in plan.members})
    checks: list[tuple[str, Check]] = [
        ("L1-FIRST", _l1_first),
        ("ROLE-TRACKS", _role_tracks),
        ("LAYER-ORDER", _layer_order),
        ("L4-AFTER-L3", _l4_after_l3),
        ("GOVERNANCE-DAY-ONE", _governance_day_one),
        ("L5-WITH-L4", lambda v: _with_l4(v, 5)),
        ("L6-WITH-L4", lambda v: _with_l4(v, 6)),
        ("L3-BEFORE-PRODUCTION", _l3_before_production),
        ("L6-TECH-LITERACY", _tech_literacy),
        ("COHORT-SEATS", lambda v: cohort_seats(v.plan, v.catalogue)),
        ("SELF-PACED", lambda v: self_paced(v.plan, v.catalogue)),
        ("WEEKLY-HOURS", _weekly_hours),
        ("BUDGET", _budget),
        ("CURRENT-MATERIAL", _current_material),
        ("PREREQUISITE", _prerequisite),
        ("HELD-CURRENT", _held_current),
    ]
    rules = set(plan.policy.rules)
    return [f for rule, check in checks if rule in rules for f in check(view)]


def _error(rule: str, message: str, fix: str, *members: str, subject: str | None = None) -> Finding:
    return Finding(rule, "error", message, fix, subject=subject, members=tuple(members))


def _l1_first(v: _View) -> Iterator[Finding]:
    for member, items in v.by_member.items():
        layer1 = [a for a in items if a.layer == 1]
        others = [a for a in items if a.layer != 1]
        known = v.members.get(member)
        if others and not layer1 and (known is None or not v.holds(known, 1)):
            yield _error(
                "L1-FIRST",
                f"{member} has no Layer 1 item but has Layer {others[0].layer} work.",
                "Add the Layer 1 course for their depth before anything else.",
                member,
            )
        elif others and layer1 and min(a.start for a in others) <= max(a.end for a in layer1):
            early = min(others, key=lambda a: a.start)
            yield _error(
                "L1-FIRST",
                f"{member} starts {early.item} on {early.start}, before finishing Layer 1 "
                f"on {max(a.end for a in layer1)}.",
                "Move it after their Layer 1.",
                member,
                subject=early.item,
            )


def _role_tracks(v: _View) -> Iterator[Finding]:
    for member, items in v.by_member.items():
        known = v.members.get(member)
        if known is None or known.role not in v.catalogue.roles:
            continue
        layers = member_layers(v.catalogue, v.plan.policy, known, owner=True)
        for a in items:
            item = v.catalogue.courses.get(a.item)
            if item is None or a.layer < 2 or item.depth == "everyone":
                continue
            wanted = layers.get(a.layer)
            if wanted is not None and item.depth != wanted:
                yield _error(
                    "ROLE-TRACKS",
                    f"{member} ({known.role}) takes {a.item}, a {item.depth} course, but their "
                    f"role needs Layer {a.layer} at {wanted} depth.",
                    f"Give them the {wanted} Layer {a.layer} track.",
                    member,
                    subject=a.item,
                )
    technical = [{a.item for a in items if a.layer >= 2} for items in v.by_member.values()]
    if len(technical) >= 3 and all(t and t == technical[0] for t in technical):
        yield Finding(
            "ROLE-TRACKS",
            "warning",
            "Every member takes exactly the same Layer 2+ items (mistake 1: "
            "one generic course for everyone).",
            "Assign role-specific tracks from Layer 2 on.",
        )


def _pairs_out_of_order(
    v: _View, member: str, first: int, then: int
) -> Iterator[tuple[Assignment, Assignment]]:
    items = v.by_member.get(member, [])
    for before in (a for a in items if a.layer == first):
        for after in (a for a in items if a.layer == then):
            if after.start <= before.end:
                yield before, after


def _layer_order(v: _View) -> Iterator[Finding]:
    parallel = set(v.plan.policy.parallel_layers)
    for member in v.by_member:
        for first, then in ((2, 3), (2, 4), (3, 4)):
            if {first, then} <= parallel:
                continue
            for before, after in _pairs_out_of_order(v, member, first, then):
                yield _error(
                    "LAYER-ORDER",
                    f"{member} starts {after.item} (Layer {then}) on {after.start}, before "
                    f"{before.item} (Layer {first}) ends on {before.end}.",
                    f"Finish Layer {first} first.",
                    member,
                    subject=after.item,
                )
                break


def _l4_after_l3(v: _View) -> Iterator[Finding]:
    """Everyone's Layer 4 after their own Layer 3; under the policy 'team' also after the team's
    Layer 3 training (its courses: a Layer 3 exam holds back only its own taker)."""
    for member in v.by_member:
        for before, after in _pairs_out_of_order(v, member, 3, 4):
            yield _error(
                "L4-AFTER-L3",
                f"{member} starts {after.item} on {after.start} before their Layer 3 "
                f"({before.item}) ends on {before.end}.",
                "Move Layer 4 after their Layer 3.",
                member,
            )
            break
    if v.plan.policy.l4_after_l3 != "team":
        return
    for team, items in _by_team(v).items():
        l3_end = max((a.end for a in items if a.layer == 3 and a.kind == "course"), default=None)
        early = [a for a in items if _held_back(v, a) and l3_end is not None and a.start <= l3_end]
        if early:
            yield _error(
                "L4-AFTER-L3",
                f"{team}: Layer 4 starts on {min(a.start for a in early)} before the team's "
                f"Layer 3 training ends on {l3_end}.",
                "Start Layer 4 after the team's last Layer 3 course.",
                *sorted({a.member for a in early}),
            )


def _held_back(v: _View, a: Assignment) -> bool:
    """Layer 4 work the team's Layer 3 training holds back (a non-technical overview is not)."""
    course = v.catalogue.courses.get(a.item)
    return waits_for_team_l3(a.layer, course.depth if course else "")


def _by_team(v: _View) -> dict[str, list[Assignment]]:
    teams: dict[str, list[Assignment]] = {}
    for a in v.plan.assignments:
        teams.setdefault(a.team or v.team_of(a.member), []).append(a)
    return teams


def _governance_day_one(v: _View) -> Iterator[Finding]:
    """The organisation has as many Layer 5 owners from day one as its governance programme needs."""
    if all(a.layer == 1 for a in v.plan.assignments):
        return
    owners = {m for m, items in v.by_member.items() if _first_after_l1(items) == 5}
    owners |= {m.id for m in v.plan.members if v.holds(m, 5)}
    if v.plan.governance_programme is not None:  # part of an organisation: its owners in the plan
        late = sorted({m.id for m in v.plan.members} & set(v.plan.governance_programme) - owners)
        if late:
            yield _error(
                "GOVERNANCE-DAY-ONE",
                f"{', '.join(late)} own{'s' if len(late) == 1 else ''} the organisation's Layer 5 but "
                f"{'does' if len(late) == 1 else 'do'} not start it right after Layer 1 (mistake 2).",
                "Start their Layer 5 right after their Layer 1.",
                *late,
            )
        return
    needed = owners_needed(v.plan.policy, len(v.plan.members))
    if len(owners) < needed:
        yield _error(
            "GOVERNANCE-DAY-ONE",
            f"{how_many(len(owners), 'person')} {'owns' if len(owners) == 1 else 'own'} Layer 5 from day one "
            f"(their first work after Layer 1 is Layer 5, or they hold it); {how_many(len(v.plan.members), 'person')} "
            f"need {needed} "
            f"(one per {v.plan.policy.people_per_governance_owner}), so governance is late (mistake 2).",
            "Name more owners and start their Layer 5 right after their Layer 1.",
            *sorted(owners),
        )


def _first_after_l1(items: list[Assignment]) -> int | None:
    rest = [a for a in items if a.layer != 1]
    return min(rest, key=lambda a: (a.start, a.layer != 5)).layer if rest else None


def _with_l4(v: _View, layer: int) -> Iterator[Finding]:
    rule = f"L{layer}-WITH-L4"
    for team, items in _by_team(v).items():
        first4 = min((a.start for a in items if a.layer == 4), default=None)
        first = min((a.start for a in items if a.layer == layer), default=None)
        if first4 is not None and first is not None and first > first4:
            mistake = " (mistake 2)" if layer == 5 else ""
            yield _error(
                rule,
                f"{team}: Layer {layer} starts on {first}, after Layer 4 started on {first4}{mistake}.",
                f"Start Layer {layer} no later than {first4}.",
                subject=team,
            )


def _l3_before_production(v: _View) -> Iterator[Finding]:
    for member in v.plan.members:
        if member.deploys_to_production:
            # Layer 3 work itself: a later Layer 4 exam that also covers Layer 3 comes too late.
            planned = any(
                a.layer == 3 and coverage.proves(v.catalogue, a.item, 3, "technical")
                for a in v.by_member.get(member.id, [])
            )
            if not planned and not v.holds(member, 3):
                yield _error(
                    "L3-BEFORE-PRODUCTION",
                    f"{member.id} deploys models to production but has no technical Layer 3 "
                    "planned or held (mistake 3).",
                    "Plan Layer 3 (MLOps) for them before their next deployment.",
                    member.id,
                )


def _tech_literacy(v: _View) -> Iterator[Finding]:
    """Layer 6 with a technical-literacy module (mistake 4), read before the other Layer 6 courses."""
    literacy = {c.id for c in v.catalogue.courses.values() if c.technical_literacy}
    for member, items in v.by_member.items():
        read = [a for a in items if a.item in literacy]
        known = v.members.get(member)
        held = known is not None and any(h.item_id in literacy for h in known.held)
        if not read and not held and any(a.layer == 6 for a in items):
            message = f"{member} takes Layer 6 without a technical-literacy module (mistake 4)."
            yield _error("L6-TECH-LITERACY", message, f"Add {', '.join(sorted(literacy))}.", member)
        for a in [a for a in items if read and a.layer == 6 and a.kind == "course" and a not in read]:
            if a.start <= read[0].end:
                message = f"{member} starts {a.item} before their technical-literacy module ends."
                yield _error("L6-TECH-LITERACY", message, f"Finish {read[0].item} first.", member)


def _weekly_hours(v: _View) -> Iterator[Finding]:
    for member, items in v.by_member.items():
        known = v.members.get(member)
        for before, after in itertools.pairwise(items):
            if after.start <= before.end:
                yield _error(
                    "WEEKLY-HOURS",
                    f"{member} studies {before.item} and {after.item} at the same time ({after.start}).",
                    "Give them one item at a time.",
                    member,
                    subject=after.item,
                )
        if known is None:
            continue
        for a in items:
            weeks = math.ceil(((a.end - a.start).days + 1) / 7)
            need = math.ceil(round(a.hours / known.hours_per_week, 6)) if a.hours else 0
            if weeks < need:
                yield _error(
                    "WEEKLY-HOURS",
                    f"{member} gets {weeks} weeks for {a.item} ({a.hours:g} h) at "
                    f"{known.hours_per_week:g} h a week; that needs {need}.",
                    f"Allow {need} weeks.",
                    member,
                )


def _budget(v: _View) -> Iterator[Finding]:
    plan = v.plan
    if plan.budget_usd is not None and plan.total_cost_usd > plan.budget_usd + 0.01:
        yield _error(
            "BUDGET",
            f"The plan costs USD {plan.total_cost_usd:,.2f}, over the budget of USD {plan.budget_usd:,.2f}.",
            "Leave out lower-priority items or raise the budget.",
        )
    if plan.quarterly_budget_usd is None:
        return
    spend: dict[int, float] = {}
    for a in plan.assignments:
        spend[quarter_index(a.start)] = spend.get(quarter_index(a.start), 0.0) + a.cost_usd
    for quarter, total in sorted(spend.items()):
        if total > plan.quarterly_budget_usd + 0.01:
            yield _error(
                "BUDGET",
                f"Q{quarter % 4 + 1} {quarter // 4} spends USD {total:,.2f}, over the quarterly "
                f"budget of USD {plan.quarterly_budget_usd:,.2f}.",
                "Move work to a later quarter.",
            )


def _current_material(v: _View) -> Iterator[Finding]:
    for a in v.plan.assignments:
        item = v.catalogue.credentials.get(a.item)
        if item is None:
            continue
        life = item.lifecycle
        if life.retires_on is not None and a.end > life.retires_on:
            yield _error(
                "CURRENT-MATERIAL",
                f"{a.member}'s {a.item} exam on {a.end} is after it retires on {life.retires_on}.",
                f"Plan {life.successor or 'a current exam'} instead.",
                a.member,
                subject=a.item,
            )
        if life.available_from is not None and a.start < life.available_from - timedelta(days=0):
            yield _error(
                "CURRENT-MATERIAL",
                f"{a.member} starts {a.item} on {a.start}, before it is available on {life.available_from}.",
                f"Start on or after {life.available_from}.",
                a.member,
                subject=a.item,
            )


def _prerequisite(v: _View) -> Iterator[Finding]:
    for member, items in v.by_member.items():
        known = v.members.get(member)
        ends = {a.item: a.end for a in items}
        for a in items:
            item = v.catalogue.courses.get(a.item) or v.catalogue.credentials.get(a.item)
            for pre in item.prerequisites if item else ():
                if known is not None and prerequisite_met(v.catalogue, known, pre, start=v.plan.start):
                    continue
                if pre not in ends or ends[pre] >= a.start:
                    yield _error(
                        "PREREQUISITE",
                        f"{member} starts {a.item} on {a.start} without finishing {pre} first.",
                        f"Schedule {pre} to end before {a.start}.",
                        member,
                        subject=a.item,
                    )


def _held_current(v: _View) -> Iterator[Finding]:
    """Work planned on a layer the member already holds, fresh and valid, is money spent twice."""
    for member in v.plan.members:
        planned = sorted({a.layer for a in v.by_member.get(member.id, [])})
        needs = member_layers(v.catalogue, v.plan.policy, member, owner=True)
        for layer in (n for n in planned if n in needs and v.holds(member, n)):
            items = sorted(a.item for a in v.by_member[member.id] if a.layer == layer)
            yield Finding(
                "HELD-CURRENT",
                "warning",
                f"{member.id} already holds Layer {layer}, fresh and valid on {v.plan.start}, "
                f"but the plan gives them {', '.join(items)}.",
                "Drop it from their plan.",
                subject=items[0],
                members=(member.id,),
            )
