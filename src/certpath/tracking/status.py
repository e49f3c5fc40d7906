"""Each person's standing on each layer they need: complete, in progress, missing, expired, renewal open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from certpath.tracking.expiry import freshness, stale_on

LayerState = Literal["complete", "in-progress", "missing", "expired", "renewal-open"]


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


@dataclass(frozen=True, slots=True)
class LayerEvidence:
    """What the database found for one person and layer (see queries.layer_evidence)."""

    last_done: date | None
    valid_until: date | None
    open_ended: bool
    window_opens: date | None
    last_attempt: date | None
    verified: bool

    @classmethod
    def from_row(cls, row: Any) -> LayerEvidence:
        return cls(
            row.last_done,
            row.valid_until,
            bool(row.open_ended),
            row.window_opens,
            row.last_attempt,
            bool(row.verified),
        )


def layer_status(
    person: str, layer: int, depth: str, found: LayerEvidence | None, *, today: date
) -> LayerStatus:
    """The state of one needed layer and the next action, from the evidence the database found."""
    if found is None or found.last_done is None:
        attempt = found.last_attempt if found else None
        state: LayerState = "in-progress" if attempt else "missing"  # also typed for the branches below
        action = f"finish Layer {layer}" if attempt else f"start Layer {layer} ({depth} track)"
        return LayerStatus(person, layer, depth, state, None, None, None, False, action, today)
    last = found.last_done
    fresh = round(freshness(last, today), 3)
    expired = not found.open_ended and found.valid_until is not None and found.valid_until < today
    until = None if found.open_ended else found.valid_until
    if expired:
        state, action, when = "expired", f"renew or retake: expired {found.valid_until}", today
    elif found.last_attempt is not None and found.last_attempt > last:
        state, action, when = (
            "in-progress",
            f"finish the Layer {layer} item started {found.last_attempt}",
            today,
        )
    elif not found.open_ended and found.window_opens is not None and found.window_opens <= today:
        state, action, when = "renewal-open", f"renew before {found.valid_until}", found.valid_until or today
    else:
        action, when = _next_after_complete(layer, found, last)
        state = "complete"
    return LayerStatus(person, layer, depth, state, last, until, fresh, found.verified, action, when)


def _next_after_complete(layer: int, found: LayerEvidence, last: date) -> tuple[str, date]:
    refresh = stale_on(last)
    if not found.open_ended and found.window_opens is not None and found.window_opens < refresh:
        return f"renewal window opens (expires {found.valid_until})", found.window_opens
    if (
        not found.open_ended
        and found.window_opens is None
        and found.valid_until is not None
        and found.valid_until < refresh
    ):
        return "renew before it expires", found.valid_until
    return f"refresh Layer {layer}", refresh
