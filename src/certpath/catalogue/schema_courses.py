"""The shapes of a course and its real offerings (delivery variants and their sessions) in catalogue YAML."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import Field, model_validator

from certpath.catalogue.schema_base import Fact, Id, LayerNumber, Sourced, Strict, Url

Delivery = Literal["self-paced", "public-seat", "private-cohort"]


class SessionFile(Strict):
    """One dated run of an instructor-led variant (a fixed calendar, e.g. from an overlay)."""

    start: date
    end: date
    location: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"'end' ({self.end}) is before 'start' ({self.start})")
        return self


class CourseVariantFile(Strict):
    """A real offering of a course: who runs it, how it is delivered, and its price.

    `price` is per seat for `self-paced` and `public-seat`, per cohort for `private-cohort`.
    """

    id: Id
    delivery: Delivery
    provider: str
    programme: str
    url: Url
    as_of: date
    price: Fact
    hours: Fact | None = None
    seat_limit: int | None = Field(default=None, ge=1)
    sessions: list[SessionFile] = []
    partial: bool = Field(
        default=False, description="teaches part of the outline: a supplement, never bought alone"
    )
    dated: str | None = Field(
        default=None,
        description="why the material is out of date (CURRENT-MATERIAL): chosen only when nothing current is",
    )
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.partial and not self.note:
            raise ValueError("a partial variant needs a 'note' saying what of the outline it leaves out")
        if self.delivery == "private-cohort" and self.seat_limit is None:
            raise ValueError("a private-cohort variant needs 'seat_limit' (its price buys that many seats)")
        if self.delivery == "self-paced" and self.sessions:
            raise ValueError("a self-paced variant has no 'sessions'; remove them or make it public-seat")
        return self


class CourseFile(Sourced):
    id: Id
    name: str
    layer: LayerNumber
    depth: Literal["technical", "non-technical", "everyone"]
    audience: str
    skills: list[str] = Field(min_length=1)
    hours: Fact
    delivery: Literal["self-paced", "instructor-led"]
    variants: list[CourseVariantFile] = Field(min_length=1)
    technical_literacy: bool = False
    prerequisites: list[Id] = []

    @model_validator(mode="after")
    def _check_variants(self) -> Self:
        ids = [v.id for v in self.variants]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"variant ids must be unique within a course; repeated: {', '.join(twice)}")
        kinds = {v.delivery for v in self.variants}
        if self.delivery == "instructor-led" and not kinds & {"public-seat", "private-cohort"}:
            raise ValueError("an instructor-led course needs a 'public-seat' or 'private-cohort' variant")
        if self.delivery == "self-paced" and "self-paced" not in kinds:
            raise ValueError("a self-paced course needs a 'self-paced' variant")
        return self
