"""When a held credential expires and when its renewal window opens, by the vendor's rule."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from certpath.catalogue.model import Catalogue, Credential


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Validity:
    """A held credential's standing on a given day."""

    expires_on: date | None  # None: never expires, or the earned date is unknown
    window_opens: date | None
    state: str  # valid | window-open | grace | expired | unknown-date | no-expiry


def validity_on(
    catalogue: Catalogue, credential: Credential, *, earned_on: date | None, today: date
) -> Validity:
    """Where a credential earned on `earned_on` stands on `today` under its renewal policy."""
    policy = catalogue.renewal_policies[credential.renewal_policy]
    months = policy.months_for(earned_on)
    if months is None:
        return Validity(None, None, "no-expiry")
    if earned_on is None:
        return Validity(None, None, "unknown-date")
    expires = add_months(earned_on, months)
    window = expires - timedelta(days=policy.window_days) if policy.window_days is not None else None
    if today > expires + timedelta(days=policy.grace_days):
        state = "expired"
    elif today > expires:
        state = "grace"
    elif window is not None and today >= window:
        state = "window-open"
    else:
        state = "valid"
    return Validity(expires, window, state)
