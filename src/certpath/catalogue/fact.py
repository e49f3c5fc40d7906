"""A sourced number: the value every price, duration and salary in the catalogue carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Fact:
    """A number from outside (or certpath's stated estimate), with where it came from."""

    value: float | None
    as_of: date
    sources: tuple[str, ...] = ()
    estimate: str | None = None
    low: float | None = None
    high: float | None = None
    currency: str = "USD"
    note: str | None = None

    @property
    def is_range(self) -> bool:
        """True when sources disagree and the fact keeps a low..high range."""
        return self.low is not None or self.high is not None
