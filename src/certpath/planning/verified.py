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
from certpath.kernel import Finding, how_many
from certpath.roster.model import Roster

#: How evidence becomes verified (README, "Evidence and verification"): a signature by a pinned key.
VERIFY_FIX = (
    "Import signed Open Badges for those items from issuers whose keys are pinned, then plan again "
    "to drop the assignments they cover."
)


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
        f"{how_many(len(people), 'person')} {'has' if len(people) == 1 else 'have'} evidence that is not "
        f"verified (claimed, or recorded from a CSV, xAPI, Credly or an unsigned badge) and is not "
        f"counted under the {policy.id} policy: the plan treats those layers as missing.",
        VERIFY_FIX,
        members=people,
    )
