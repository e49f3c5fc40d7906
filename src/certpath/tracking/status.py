"""Each person's standing on each layer they need: complete, refresh due, in progress, missing, stale,
expired, renewal open.

Whether a layer is held is the coverage model's answer (catalogue/coverage.py); this module
only adds what to do next and by when. A next date that has passed (`overdue`) always belongs to
a layer that is not held: a refresh is due by the last day the evidence holds, never before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from certpath.catalogue.coverage import (
    MIN_FRESHNESS,
    LayerProof,
    Stage,
    Standing,
    freshness,
    held_until,
    refresh_due_on,
    stage,
    standing,
)

LayerState = Literal["complete", "refresh-due", "in-progress", "missing", "stale", "expired", "renewal-open"]


@dataclass(frozen=True, slots=True)
class LayerStatus:
    """One person on one layer, with the freshness of their evidence and what to do next, by when."""

    person: str
    layer: int
    depth: str
    state: LayerState
    last_evidence: date | None
    valid_until: date | None
    freshness: float | None
    verified: bool
    next_action: str
    next_date: date | None
    standing: Standing = "missing"  # the coverage model's answer: held, stale, expired or missing
    overdue: bool = False  # next_date is before today: a refresh or renewal not done in time
    claimed: bool = False  # unverified evidence would hold it; the policy counts verified evidence only
    refresh_due: bool = False  # held, but the latest evidence is past one half-life

    @property
    def held(self) -> bool:
        """True when the layer is held: fresh and unexpired evidence at the needed depth."""
        return self.standing == "held"

    @property
    def mark(self) -> Stage:
        """The legend's mark: the standing, with a held layer in its refresh window as `refresh-due`."""
        return "refresh-due" if self.refresh_due and self.held else self.standing


@dataclass(frozen=True, slots=True)
class LayerEvidence:
    """What the database found for one person and layer (see queries.layer_evidence)."""

    last_done: date | None
    valid_until: date | None
    open_ended: bool
    window_opens: date | None
    last_attempt: date | None
    verified: bool
    claimed: LayerProof | None = None  # under verified-only: what every accepted completion adds up to

    @classmethod
    def from_row(cls, row: Any, *, verified_only: bool = False) -> LayerEvidence:
        """The row's evidence; with `verified_only` its verified columns, the rest kept as `claimed`."""
        if not verified_only:
            return cls(
                row.last_done,
                row.valid_until,
                bool(row.open_ended),
                row.window_opens,
                row.last_attempt,
                bool(row.verified),
            )
        return cls(
            row.verified_done,
            row.verified_until,
            bool(row.verified_open_ended),
            row.window_opens,
            row.last_attempt,
            bool(row.verified),
            LayerProof(row.last_done, row.valid_until, bool(row.open_ended)),
        )


def summary_stage(row: Any, *, today: date, min_freshness: float, verified_only: bool) -> Stage:
    """Where a `layer_evidence` row (or None: no row) leaves its person on the coverage model's ladder.

    The same reading as `layer_status` and the gaps counts; `verified_only` reads the verified columns.
    """
    if row is None:
        return "missing"
    if verified_only:
        proof = LayerProof(row.verified_done, row.verified_until, bool(row.verified_open_ended))
    else:
        proof = LayerProof(row.last_done, row.valid_until, bool(row.open_ended))
    if proof.last_done is None:
        return "missing"
    return stage(proof, today=today, min_freshness=min_freshness)


def layer_status(
    person: str,
    layer: int,
    depth: str,
    found: LayerEvidence | None,
    *,
    today: date,
    min_freshness: float = MIN_FRESHNESS,
) -> LayerStatus:
    """The state of one needed layer and the next action, from the evidence the database found."""
    claimed = _claimed_only(found, today=today, min_freshness=min_freshness)
    if found is None or found.last_done is None:
        attempt = found.last_attempt if found else None
        state: LayerState = "in-progress" if attempt else "missing"  # also typed for the branches below
        action = f"finish Layer {layer}" if attempt else f"start Layer {layer} ({depth} track)"
        if claimed:
            action = f"verify the claimed Layer {layer} evidence (only verified evidence counts), or {action}"
        return LayerStatus(
            person, layer, depth, state, None, None, None, False, action, today, claimed=claimed
        )
    last = found.last_done
    # Rounded down, never up: a layer that fell below the threshold must not print as reaching it.
    fresh = math.floor(freshness(last, today) * 1000) / 1000
    proof = LayerProof(last, found.valid_until, found.open_ended)
    held = standing(proof, today=today, min_freshness=min_freshness)
    deadline = held_until(last, min_freshness)  # the last day the layer holds: a refresh is due by then
    until = None if found.open_ended else found.valid_until
    due = stage(proof, today=today, min_freshness=min_freshness) == "refresh-due"
    if held == "expired":
        state, action = "expired", f"renew or retake: expired {found.valid_until}"
        when = found.valid_until or today
    elif found.last_attempt is not None and found.last_attempt > last:
        state, action, when = (
            "in-progress",
            f"finish the Layer {layer} item started {found.last_attempt}",
            today,
        )
    elif held == "stale":
        state, action = "stale", f"refresh Layer {layer} ({depth} track): last evidence {last}"
        when = deadline
    elif not found.open_ended and found.window_opens is not None and found.window_opens <= today:
        state, action, when = "renewal-open", f"renew before {found.valid_until}", found.valid_until or today
    elif due:
        state, action, when = "refresh-due", f"refresh Layer {layer} ({depth} track) by {deadline}", deadline
    else:
        action, when = _next_after_complete(layer, found, last)
        state = "complete"
    return LayerStatus(
        person,
        layer,
        depth,
        state,
        last,
        until,
        fresh,
        found.verified,
        action,
        when,
        held,
        when < today,
        claimed,
        due,
    )


def _claimed_only(found: LayerEvidence | None, *, today: date, min_freshness: float) -> bool:
    """True when the layer is not held on verified evidence but would be on every accepted completion."""
    if found is None or found.claimed is None or found.claimed.last_done is None:
        return False
    verified = LayerProof(found.last_done, found.valid_until, found.open_ended)
    return standing(found.claimed, today=today, min_freshness=min_freshness) == "held" and (
        found.last_done is None or standing(verified, today=today, min_freshness=min_freshness) != "held"
    )


def _next_after_complete(layer: int, found: LayerEvidence, last: date) -> tuple[str, date]:
    refresh = refresh_due_on(last)
    if not found.open_ended and found.window_opens is not None and found.window_opens < refresh:
        return f"renewal window opens {found.window_opens} (expires {found.valid_until})", found.window_opens
    if (
        not found.open_ended
        and found.window_opens is None
        and found.valid_until is not None
        and found.valid_until < refresh
    ):
        return f"renew before it expires on {found.valid_until}", found.valid_until
    return f"refresh Layer {layer} due from {refresh}", refresh
