"""VERIFIED-LAYERS for plans of the people in the store: claimed holdings count for nothing.

Status, gaps and the pages read the store's evidence through the coverage model, verified only
under a policy with VERIFIED-LAYERS; a plan of the same people must count the same evidence, or
it skips layers the heatmap calls missing and the overview's cost to close a gap disagrees with
the plan for it. A roster file is planned on its word: it has no verified evidence to prefer.
"""

from __future__ import annotations

from dataclasses import replace

from certpath.catalogue.coverage import counts_verified_only
from certpath.catalogue.model import TeamPolicy
from certpath.kernel import Finding
from certpath.roster.model import Roster


def counted_holdings(roster: Roster, policy: TeamPolicy) -> tuple[Roster, tuple[str, ...]]:
    """The roster holding only what `policy` counts, and the ids of people whose claimed holdings it set aside."""
    if not counts_verified_only(policy):
        return roster, ()
    members, set_aside = [], []
    for member in roster.members:
        kept = tuple(h for h in member.held if h.verified)
        if len(kept) < len(member.held):
            set_aside.append(member.id)
            member = replace(member, held=kept)
        members.append(member)
    return replace(roster, members=tuple(members)), tuple(set_aside)


def set_aside_finding(policy: TeamPolicy, people: tuple[str, ...]) -> Finding:
    """The VERIFIED-LAYERS note of a store plan: whose claimed evidence was not counted, and what to do."""
    return Finding(
        "VERIFIED-LAYERS",
        "warning",
        f"{len(people)} people have claimed evidence (a roster's column, or a record claimed or entered "
        f"by hand) that is not counted under the {policy.id} policy: the plan treats those layers as "
        "missing.",
        "Attach verified evidence (Open Badge, Credly or xAPI) for those items and plan again to drop "
        "the assignments it covers.",
        members=people,
    )
