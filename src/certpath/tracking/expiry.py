"""When evidence of a credential expires, under the vendor's rule and its expiry basis.

The three bases follow the learning-management convention (Totara's): from the completion
date; from the previous expiry, so renewing early loses no time; or on a fixed anniversary
of the first award, never closer than the policy's minimum active period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from certpath.catalogue.model import RenewalPolicy
from certpath.catalogue.validity import add_months


@dataclass(frozen=True, slots=True)
class Expiry:
    """The expiry date and the day the renewal window opens (None: never expires / no window)."""

    expires_on: date | None
    window_opens: date | None


def expiry_for(
    policy: RenewalPolicy,
    *,
    completed_on: date,
    previous_expiry: date | None = None,
    first_awarded: date | None = None,
) -> Expiry:
    """The expiry of a credential completed on `completed_on` under `policy`'s basis."""
    months = policy.months_for(completed_on)
    if months is None:
        return Expiry(None, None)
    if policy.basis == "from-previous-expiry" and _renews(policy, completed_on, previous_expiry):
        assert previous_expiry is not None
        expires = add_months(previous_expiry, months)
    elif policy.basis == "fixed-anniversary":
        expires = _next_anniversary(first_awarded or completed_on, completed_on, months)
        while (expires - completed_on).days < policy.minimum_active_days:
            expires = add_months(expires, months)
    else:
        expires = add_months(completed_on, months)
    return Expiry(expires, window_opening(policy, expires))


def window_opening(policy: RenewalPolicy, expires: date) -> date | None:
    """The first day a renewal counts, or None when the vendor sets no window."""
    return expires - timedelta(days=policy.window_days) if policy.window_days is not None else None


def _renews(policy: RenewalPolicy, completed_on: date, previous_expiry: date | None) -> bool:
    """A completion renews the previous award when it falls in its window or grace period."""
    if previous_expiry is None:
        return False
    opens = window_opening(policy, previous_expiry) or previous_expiry
    return opens <= completed_on <= previous_expiry + timedelta(days=policy.grace_days)


def _next_anniversary(anchor: date, after: date, months: int) -> date:
    cycles = 1
    while (expires := add_months(anchor, months * cycles)) <= after:
        cycles += 1
    return expires
