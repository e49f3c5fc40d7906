"""The pathway part of the catalogue: steps with per-cloud options, counterparts, backgrounds and goals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal


@dataclass(frozen=True, slots=True)
class Option:
    item: str | None
    cloud: str | None
    default: bool
    why: str | None


@dataclass(frozen=True, slots=True)
class PathwayStep:
    purpose: str
    options: tuple[Option, ...]
    rules: tuple[str, ...]
    when: Literal["always", "genai"]
    optional: bool
    second_cloud: bool = False


@dataclass(frozen=True, slots=True)
class Counterpart:
    """Credentials that do the same job on different clouds, by cloud."""

    id: str
    purpose: str
    items: Mapping[str, str]
    sources: tuple[str, ...]
    as_of: date


@dataclass(frozen=True, slots=True)
class Pathway:
    id: str
    title: str
    kind: str
    summary: str
    steps: tuple[PathwayStep, ...]
    sources: tuple[str, ...]
    as_of: date


@dataclass(frozen=True, slots=True)
class Background:
    id: str
    name: str
    engineer: bool
    mid_career: bool
    typical_ml_months: int
    pathway: str


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    name: str
    pathway: str
    implies_genai: bool
    engineer: bool = True
