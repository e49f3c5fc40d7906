"""Courses and the real offerings that teach them (delivery variants)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from certpath.catalogue.fact import Fact

Delivery = Literal["self-paced", "public-seat", "private-cohort"]


@dataclass(frozen=True, slots=True)
class Session:
    """One dated run of an instructor-led variant."""

    start: date
    end: date
    location: str | None = None


@dataclass(frozen=True, slots=True)
class CourseVariant:
    """A real programme that teaches a course, in one delivery.

    `price` is per seat for `self-paced` and `public-seat`, per cohort of up to
    `seat_limit` people for `private-cohort`. `sessions` is an optional calendar.
    """

    id: str
    delivery: Delivery
    provider: str
    programme: str
    url: str
    as_of: date
    price: Fact
    hours: Fact | None = None
    seat_limit: int | None = None
    sessions: tuple[Session, ...] = ()
    partial: bool = False  # teaches part of the outline: listed as a supplement, never bought alone
    note: str | None = None
    #: Why the material is out of date (CURRENT-MATERIAL); such a variant is taken only when no
    #: current one is sold, and otherwise named as a free extra at most.
    dated: str | None = None

    @property
    def per_cohort(self) -> bool:
        """True when the price buys a whole cohort rather than one seat."""
        return self.delivery == "private-cohort"


@dataclass(frozen=True, slots=True)
class Course:
    id: str
    name: str
    layer: int
    depth: str
    audience: str
    skills: tuple[str, ...]
    hours: Fact
    delivery: Literal["self-paced", "instructor-led"]
    variants: tuple[CourseVariant, ...]
    technical_literacy: bool
    prerequisites: tuple[str, ...]
    sources: tuple[str, ...]
    as_of: date

    kind = "course"

    def offers(self, *deliveries: Delivery) -> tuple[CourseVariant, ...]:
        """The variants delivered in any of these ways, in catalogue order."""
        return tuple(v for v in self.variants if v.delivery in deliveries)
