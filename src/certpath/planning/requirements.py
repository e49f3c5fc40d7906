"""What each member must study under a team policy: layers and depth, then courses and exams.

ROLE-TRACKS, L3-BEFORE-PRODUCTION, L6-TECH-LITERACY, GOVERNANCE-DAY-ONE (who owns
Layer 5), HELD-CURRENT, CURRENT-MATERIAL and PREREQUISITE are decided here, before any
scheduling, so every scheduler plans the same work.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from certpath.catalogue import coverage
from certpath.catalogue.coverage import Depth
from certpath.catalogue.model import Catalogue, Course, Credential, TeamPolicy
from certpath.kernel import Finding
from certpath.roster.model import Member

#: Order of layers inside one member's sequence: Layers 5 and 6 before 4 (L5/L6-WITH-L4).
LAYER_SEQUENCE = (1, 2, 3, 5, 6, 4)
#: Budget priority of the Layer 3 courses of people who deploy to production (paid right after Layer 1).
REQUIRED_L3 = 2
#: Priorities a budget may not cut: Layer 1, the governance owner's Layer 5 course, deployers' Layer 3.
REQUIRED = (0, 1, REQUIRED_L3)
#: A credential retiring sooner than this after the start is replaced by its successor.
RETIRING_SOON = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Need:
    """One item a member needs, before it becomes a timed task."""

    member: str
    item: Course | Credential
    layer: int
    priority: int
    reason: str
    refresh: bool = False  # the member's evidence of the layer is stale: this is a refresher


def member_layers(
    catalogue: Catalogue, policy: TeamPolicy, member: Member, *, owner: bool
) -> dict[int, Depth]:
    """Layer -> depth for a member, as the coverage model reads their role and flags."""
    return coverage.needed_layers(
        catalogue,
        policy,
        member.role,
        deploys=member.deploys_to_production,
        leads=member.leads_externally,
        owner=owner,
    )


def needs_for(
    catalogue: Catalogue, policy: TeamPolicy, member: Member, *, owner: bool, start: date
) -> tuple[list[Need], list[Finding]]:
    """The courses and exams this member needs, minus what they already hold."""
    findings: list[Finding] = []
    layers = member_layers(catalogue, policy, member, owner=owner)
    needs: list[Need] = []
    for layer in sorted(layers, key=LAYER_SEQUENCE.index):
        depth = layers[layer]
        state, proof = coverage.holding_standing(catalogue, member.held, layer, depth, today=start)
        if state == "held" and proof is not None:
            findings.append(_held_finding(member, layer, proof.items))
            continue
        refresh = state == "stale"  # ROLLING-REFRESH: held once, too long ago to count
        for course in _courses(catalogue, layer, depth):
            if not coverage.item_current(catalogue, member.held, course.id, today=start):
                priority = 0 if layer == 1 else (1 if owner and layer == 5 else layer * 10)
                priority -= (
                    1 if course.technical_literacy and priority else 0
                )  # L6-TECH-LITERACY before strategy
                if layer == 3 and member.deploys_to_production:
                    priority = REQUIRED_L3  # L3-BEFORE-PRODUCTION: not something a budget may cut
                reason = _refresh_reason(layer, proof) if refresh else _course_reason(course, depth, policy)
                needs.append(Need(member.id, course, layer, priority, reason, refresh))
        exam = None
        # A refresh is study (ROLLING-REFRESH): courses again, no exam, new or the same one.
        if not refresh and not _no_exam_of_their_own(catalogue, member, layers, layer):
            exam = _exam(catalogue, policy, member, layer, depth, start, findings)
        if exam is not None:
            priority = 0 if layer == 1 else layer * 10 + (0 if policy.exams == "required" else 5)
            needs.append(
                Need(
                    member.id,
                    exam,
                    layer,
                    priority,
                    f"Exam for Layer {layer} on the {member.cloud} stack.",
                )
            )
    if 6 in layers and not coverage.holds(catalogue, member.held, 6, layers[6], today=start):
        needs = _add_literacy(catalogue, member, needs, start)
    return _with_prerequisites(catalogue, member, needs, start), findings


def _courses(catalogue: Catalogue, layer: int, depth: str) -> list[Course]:
    prep = {p for c in catalogue.credentials.values() for p in c.prerequisites}
    wanted = {depth, "everyone"}
    return [
        c for c in catalogue.courses.values() if c.layer == layer and c.depth in wanted and c.id not in prep
    ]


def _no_exam_of_their_own(catalogue: Catalogue, member: Member, layers: dict[int, Depth], layer: int) -> bool:
    """True when a member studies a layer of Layers 2-4 without an exam of their own.

    A layer the member's role does not list is one the policy adds (seed 000's full-team Layer
    1-3 cohorts of a mid-size team, Layer 3 for whoever deploys to production): the team learns
    it together, which is course work, and nobody certifies outside their role for it. Without
    this a mid-size team's CTO, CISO and head of data each prepared the AWS ML engineer exam
    for twelve weeks, and a data engineer took it instead of their own data engineering exam.
    A role with technical Layer 4 work keeps its Layer 3 exam (a software developer's MLA-C01).
    And a Layer 3 exam of the member's own that tests data preparation (MLA-C01, GCP-PMLE, the
    Databricks ML associate) proves Layer 2 already, so an ML engineer does not pay for DEA-C01
    as well. Only Layer 2 is replaced by a Layer 3 exam: it may run beside Layer 3, whereas
    Layer 3 must come before Layer 4 (L4-AFTER-L3).
    """
    role = catalogue.roles.get(member.role)
    if layer not in (2, 3, 4) or role is None:
        return False
    own = {rl.layer for rl in role.layers}
    if any(rl.layer == 4 and rl.depth == "technical" for rl in role.layers):
        own.add(3)  # Layer 4 builds on it, and seed 001's developer path has the associate exam first
    if layer not in own:
        return True
    if layer != 2 or 3 not in own:
        return False
    exams = catalogue.layer_exams.get(3)
    item_id = exams and exams.exam_for(member.cloud, member.role)
    return layers.get(3) == "technical" and bool(item_id) and 2 in catalogue.credentials[str(item_id)].layers


def _course_reason(course: Course, depth: str, policy: TeamPolicy) -> str:
    if course.layer == 1:
        return "Layer 1 comes first for everyone (L1-FIRST)."
    track = "technical" if depth == "technical" else "non-technical"
    return f"Layer {course.layer} {track} track of the {policy.name.lower()} policy (ROLE-TRACKS)."


def _exam(
    catalogue: Catalogue,
    policy: TeamPolicy,
    member: Member,
    layer: int,
    depth: str,
    start: date,
    findings: list[Finding],
) -> Credential | None:
    exams = catalogue.layer_exams.get(layer)
    if exams is None or (depth != "technical" and layer != 5):
        return None
    item_id = exams.exam_for(member.cloud, member.role)
    if item_id is None:
        return None
    credential = catalogue.credentials[item_id]
    while (retires := credential.lifecycle.retires_on) is not None and retires < start + RETIRING_SOON:
        successor = credential.lifecycle.successor
        if successor is None:
            return None
        findings.append(
            Finding(
                "CURRENT-MATERIAL",
                "info",
                f"{credential.id} retires on {retires}; its successor {successor} is planned instead.",
                "Nothing to do.",
                subject=credential.id,
                members=(member.id,),
            )
        )
        credential = catalogue.credentials[successor]
    if credential.price.value is None:
        return None
    if coverage.item_standing(catalogue, member.held, credential.id, today=start) in ("held", "stale"):
        return None  # still valid: a refresh is study, not the same exam again
    return credential


def _refresh_reason(layer: int, proof: coverage.LayerProof | None) -> str:
    last = proof.last_done if proof is not None else None
    return (
        f"Refresh of Layer {layer}: the latest evidence ({last}) is too old to count "
        f"(freshness below {coverage.MIN_FRESHNESS}, ROLLING-REFRESH)."
    )


def _held_finding(member: Member, layer: int, items: tuple[str, ...]) -> Finding:
    return Finding(
        "HELD-CURRENT",
        "info",
        f"{member.name} holds Layer {layer} through {', '.join(items)}, fresh and valid on the start date, "
        "so it is not planned for them.",
        "Nothing to do; renewals and refreshes are tracked separately.",
        subject=items[0],
        members=(member.id,),
    )


def prerequisite_met(catalogue: Catalogue, member: Member, item_id: str, *, start: date) -> bool:
    """A prerequisite is met by the item itself, fresh, or by holding the layer and depth it teaches."""
    if coverage.item_current(catalogue, member.held, item_id, today=start):
        return True
    item = catalogue.item(item_id)
    if not isinstance(item, Course):
        return False
    depth: Depth = "technical" if item.depth == "technical" else "non-technical"
    return coverage.holds(catalogue, member.held, item.layer, depth, today=start)


def _add_literacy(catalogue: Catalogue, member: Member, needs: list[Need], start: date) -> list[Need]:
    """L6-TECH-LITERACY: anyone on Layer 6 also takes a technical-literacy module."""
    if any(isinstance(n.item, Course) and n.item.technical_literacy for n in needs):
        return needs
    literacy = [c for c in catalogue.courses.values() if c.technical_literacy]
    if not literacy or coverage.item_current(catalogue, member.held, literacy[0].id, today=start):
        return needs
    reason = "Layer 6 includes technical literacy, not only strategy (L6-TECH-LITERACY)."
    refresh = any(n.refresh for n in needs if n.layer == 6)  # part of a stale Layer 6's refresher
    return [*needs, Need(member.id, literacy[0], 6, 59, reason, refresh)]  # kept before the rest of Layer 6


def _with_prerequisites(catalogue: Catalogue, member: Member, needs: list[Need], start: date) -> list[Need]:
    """Add any formal prerequisite the member neither plans nor holds, just before its item."""
    planned = {n.item.id for n in needs}
    out: list[Need] = []
    for need in needs:
        for pre in need.item.prerequisites:
            item = catalogue.item(pre)
            if (
                pre not in planned
                and not prerequisite_met(catalogue, member, pre, start=start)
                and isinstance(item, Course | Credential)
            ):
                priority = min(need.priority, item.layer * 10)
                out.append(
                    Need(
                        member.id,
                        item,
                        item.layer,
                        priority,
                        f"Required before {need.item.id} (PREREQUISITE).",
                    )
                )
                planned.add(pre)
        out.append(need)
    return out


def weeks_for(hours: float, hours_per_week: float) -> int:
    """Whole weeks to study `hours` at `hours_per_week` (WEEKLY-HOURS), at least one."""
    return max(1, math.ceil(round(hours / hours_per_week, 6)))
