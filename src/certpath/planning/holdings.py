"""What the person already holds: which pathway items it covers, and which it makes pointless."""

from __future__ import annotations

from datetime import date

from certpath.catalogue.model import Catalogue, Credential, Item
from certpath.planning.advice import Profile, SetAside
from certpath.planning.advice_checks import held_validity
from certpath.planning.scheduling import Candidate
from certpath.planning.stack_match import NAMES, with_article


def same_credential(a: Item, b: Item) -> bool:
    """True for one item, or two exam versions that award the same credential."""
    if a.id == b.id:
        return True
    return isinstance(a, Credential) and isinstance(b, Credential) and a.awards == b.awards


def succeeds(catalogue: Catalogue, older: Item, newer: Item) -> bool:
    """True when `newer` is reached from `older` through successors."""
    current = older if isinstance(older, Credential) else None
    while current is not None and current.lifecycle.successor:
        if current.lifecycle.successor == newer.id:
            return True
        current = catalogue.credentials.get(current.lifecycle.successor)
    return False


def drop_held(
    catalogue: Catalogue, profile: Profile, candidates: list[Candidate], today: date
) -> tuple[list[Candidate], list[SetAside]]:
    """Set aside candidates the person holds, still valid on `today` (HELD-CURRENT), and
    literacy exams below a credential they hold on the same cloud (FUNDAMENTALS-FIRST is met)."""
    kept, skipped = [], []
    for candidate in candidates:
        reason = _held_reason(catalogue, profile, candidate, today) or _below_held(
            catalogue, profile, candidate.item
        )
        if reason:
            skipped.append(SetAside(candidate.item.id, candidate.item.name, reason))
        else:
            kept.append(candidate)
    return kept, skipped


def supersedes_literacy(held: Item) -> bool:
    """True for an associate-or-higher credential of a cloud or platform that has a literacy exam below it."""
    return isinstance(held, Credential) and held.tier != "literacy" and not held.cloud_neutral


def _below_held(catalogue: Catalogue, profile: Profile, item: Item) -> str | None:
    if not (isinstance(item, Credential) and item.tier == "literacy"):
        return None
    for holding in profile.held:
        held = catalogue.item(holding.item_id)
        if supersedes_literacy(held) and isinstance(held, Credential) and held.stack == item.stack:
            return (
                f"You hold {held.id}, {with_article(held.tier)} credential on {NAMES[held.stack]}; the literacy exam {item.id} "
                "sits below it and adds nothing (FUNDAMENTALS-FIRST is met)."
            )
    return None


def _held_reason(catalogue: Catalogue, profile: Profile, candidate: Candidate, today: date) -> str | None:
    item = candidate.item
    for holding in profile.held:
        held = catalogue.item(holding.item_id)
        successor = succeeds(catalogue, held, item)
        if not (same_credential(held, item) or successor):
            continue
        state, until = held_validity(catalogue, held, holding.earned_on, today)
        if state == "expired":
            continue
        if successor and state != "no-expiry":
            _note_lapse(candidate, held, until)
            continue
        suffix = f", valid until {until}" if until else ""
        return f"You hold {held.id}{suffix}; it covers {item.id} (HELD-CURRENT)."
    return None


def _note_lapse(candidate: Candidate, held: Item, until: date | None) -> None:
    lapse = f"it lapses on {until}" if until else "it lapses when its validity ends"
    candidate.reasons.append(
        f"You hold {held.id}, which is retired and cannot be renewed; {lapse}, so {candidate.item.id} "
        "replaces it (CURRENT-MATERIAL)."
    )
