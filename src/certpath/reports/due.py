"""What is due, built from the store's expiries and layer refreshes: one item per lapse.

A credential that expired lapses every layer it proved; listing "expired MLA-C01" beside
"refresh Layer 2" and "refresh Layer 3" made one lapse three chores. The expired credential is
the item (renew or retake it), and the layers it restores are its detail (`restores`).

A refresh is due from one half-life (six months) and by the last day the layer still holds
(twelve months, `coverage.held_until`); it is overdue only after that day, when the layer is
stale. So `due` never calls overdue what status calls held.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from certpath.catalogue import coverage
from certpath.catalogue.model import Catalogue
from certpath.reports.progress import DueItem


def due_items(
    catalogue: Catalogue,
    expiries: Iterable[Any],
    refreshes: Iterable[Any],
    *,
    today: date,
    overdue_only: bool = False,
) -> list[DueItem]:
    """Expiry rows (`queries.expiring`) and refresh rows (`queries.stale_layers`) as due items, soonest first."""
    items = [expiry_item(row, today) for row in expiries]
    expired: dict[str, list[int]] = {}  # person -> indexes of their expired credentials' items
    for index, item in enumerate(items):
        if item.kind == "expired":
            expired.setdefault(item.person, []).append(index)
    restored: dict[int, set[int]] = {}  # index of an expired credential's item -> layers it restores
    for row in refreshes:
        lapsed = _lapse_of(catalogue, items, expired.get(row.person_id, []), row, today)
        if lapsed is None:
            items.append(refresh_item(row, today))
        else:
            restored.setdefault(lapsed, set()).add(row.layer)
    for index, layers in restored.items():
        items[index] = _restoring(items[index], tuple(sorted(layers)))
    if overdue_only:
        items = [i for i in items if i.overdue]
    return sorted(items, key=lambda i: (i.due_on, i.person, i.subject))


def expiry_item(row: Any, today: date) -> DueItem:
    """A credential that expired, whose renewal window is open, or that expires soon."""
    if row.expires_on < today:
        kind, action = "expired", f"retake or renew {row.item_id}: expired {row.expires_on}"
    elif row.window_opens is not None and row.window_opens <= today:
        kind, action = "renewal-open", f"renew {row.item_id} before {row.expires_on}"
    else:
        kind, action = "expiring", f"renew {row.item_id} before {row.expires_on}"
        if row.window_opens is not None:
            action += f" (window opens {row.window_opens})"
    overdue = row.expires_on < today
    return DueItem(row.person_id, row.name, row.team, kind, row.item_id, row.expires_on, action, overdue)


def refresh_item(row: Any, today: date) -> DueItem:
    """A needed layer past one half-life: due by its last held day, overdue once stale."""
    last = row.last_done
    deadline = coverage.held_until(last)
    if deadline < today:
        action = f"refresh Layer {row.layer}: stale since {deadline}, last evidence {last}"
    else:
        action = f"refresh Layer {row.layer} by {deadline}: last evidence {last}, due from {coverage.refresh_due_on(last)}"
    return DueItem(
        row.person_id, row.name, row.team, "refresh", f"Layer {row.layer}", deadline, action, deadline < today
    )


def _lapse_of(
    catalogue: Catalogue, items: list[DueItem], expired: list[int], row: Any, today: date
) -> int | None:
    """The index of the person's expired credential (`expired`: indexes of theirs in `items`) that
    proves the refresh row's lapsed layer, if any."""
    proof = coverage.LayerProof(row.last_done, row.valid_until, bool(row.open_ended))
    if coverage.standing(proof, today=today) == "held":
        return None  # still held on other evidence: its refresh is its own item
    for index in expired:
        if coverage.proves(catalogue, items[index].subject, row.layer, row.depth):
            return index
    return None


def _restoring(item: DueItem, layers: tuple[int, ...]) -> DueItem:
    """The expired credential's item, naming the layers renewing it restores."""
    words = " and ".join(str(n) for n in layers)
    action = f"{item.action}; restores Layer{'s' if len(layers) > 1 else ''} {words}"
    return replace(item, action=action, restores=layers)
