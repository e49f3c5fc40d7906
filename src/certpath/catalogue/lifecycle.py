"""A credential's lifecycle: upcoming, in beta, active, retiring, retired, and its successor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

LifecycleState = Literal["upcoming", "beta", "active", "retiring", "retired"]
#: How long before a retirement date a credential counts as "retiring".
RETIRING_NOTICE_DAYS = 365


@dataclass(frozen=True, slots=True)
class LifecycleStatus:
    state: LifecycleState
    on: date | None  # the date the state refers to: launch, general availability, retirement

    @property
    def text(self) -> str:
        """The status as listed: 'active', 'retired 2026-06-30', 'beta until 2026-03-31', 'beta'."""
        if self.on is None:
            return self.state
        return f"beta until {self.on}" if self.state == "beta" else f"{self.state} {self.on}"


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """An exam's dates: first sitting (a beta's included), general availability, retirement."""

    available_from: date | None
    retires_on: date | None
    successor: str | None
    note: str | None
    sources: tuple[str, ...]
    as_of: date
    beta: bool = False
    #: The day a beta exam becomes generally available; None while no source gives it.
    general_availability: date | None = None

    def status_on(self, day: date) -> LifecycleStatus:
        """Where the credential stands on `day`: upcoming, beta, active, retiring or retired.

        A beta's `on` is its general-availability date (None when not yet announced).
        """
        if self.retires_on is not None and day > self.retires_on:
            return LifecycleStatus("retired", self.retires_on)
        if self.available_from is not None and day < self.available_from:
            return LifecycleStatus("upcoming", self.available_from)
        if self.beta and (self.general_availability is None or day < self.general_availability):
            return LifecycleStatus("beta", self.general_availability)
        if self.retires_on is not None and (self.retires_on - day).days <= RETIRING_NOTICE_DAYS:
            return LifecycleStatus("retiring", self.retires_on)
        return LifecycleStatus("active", None)
