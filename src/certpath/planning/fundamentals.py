"""FUNDAMENTALS-FIRST for one person: the Layer 1 course or a literacy exam comes first."""

from __future__ import annotations

from datetime import date

from certpath.catalogue.model import Catalogue, Course, Credential, Item
from certpath.planning.advice import Profile
from certpath.planning.advice_checks import held_validity
from certpath.planning.holdings import supersedes_literacy
from certpath.planning.scheduling import Candidate


def is_engineer(catalogue: Catalogue, profile: Profile) -> bool:
    """True unless the background (or, without one, the goal) is a non-engineering one."""
    if profile.background:
        return catalogue.background(profile.background).engineer
    if profile.goal:
        return catalogue.goal(profile.goal).engineer
    return True


def fundamentals_first(
    catalogue: Catalogue, profile: Profile, candidates: list[Candidate], today: date
) -> list[Candidate]:
    """A literacy exam moves to the front; else the Layer 1 course goes first unless a holding covers it."""
    literacy = next((c for c in candidates if is_fundamental(c.item)), None)
    if literacy is not None:
        if literacy is not candidates[0]:
            literacy.reasons.append("Literacy comes before the other steps (FUNDAMENTALS-FIRST).")
            literacy.rules.append("FUNDAMENTALS-FIRST")
        return [literacy, *(c for c in candidates if c is not literacy)]
    if _held_fundamentals(catalogue, profile, today):
        return candidates
    course = catalogue.courses["L1-TECHNICAL" if is_engineer(catalogue, profile) else "L1-EVERYONE"]
    first = candidates[0].item.id if candidates else "the rest"
    reason = (
        f"{first} is not a literacy credential, so the Layer 1 course comes first to put the "
        "fundamentals in place (FUNDAMENTALS-FIRST, L1-FIRST)."
    )
    return [Candidate(course, [reason], ["FUNDAMENTALS-FIRST", "L1-FIRST"]), *candidates]


def _held_fundamentals(catalogue: Catalogue, profile: Profile, today: date) -> bool:
    """A valid literacy credential or Layer 1 course, or any cloud credential above literacy."""
    for holding in profile.held:
        held = catalogue.item(holding.item_id)
        if supersedes_literacy(held):
            return True
        valid, _ = held_validity(catalogue, held, holding.earned_on, today)
        if is_fundamental(held) and valid != "expired":
            return True
    return False


def is_fundamental(item: Item) -> bool:
    """A literacy credential or a Layer 1 course: what FUNDAMENTALS-FIRST puts first."""
    if isinstance(item, Credential):
        return item.tier == "literacy"
    return isinstance(item, Course) and item.layer == 1
