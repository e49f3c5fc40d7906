"""Builders with defaults for tests: members, rosters and plan requests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from certpath.kernel import Holding
from certpath.planning.instance import PlanRequest
from certpath.roster.model import Member, Roster

if TYPE_CHECKING:
    from certpath.catalogue.model import Catalogue
    from certpath.tracking.database import Engine
    from certpath.tracking.unit_of_work import SqlAccountWork, SqlUnitOfWork

START = date(2026, 12, 7)


def member(
    id: str, role: str, *, team: str = "T", hours: float = 5.0, cloud: str = "aws", **extra: object
) -> Member:
    """A member resolved from a role column."""
    held = tuple(extra.pop("held", ()))  # type: ignore[call-overload]
    return Member(
        id=id,
        name=f"Person {id}",
        role=role,
        resolved_from="column",
        confidence=1.0,
        team=team,
        hours_per_week=hours,
        cloud=cloud,
        held=tuple(h if isinstance(h, Holding) else Holding(h) for h in held),
        **extra,
    )  # type: ignore[arg-type]


def instructor_led(catalogue: Catalogue, layers: tuple[int, ...] = (1, 2, 3, 4, 5, 6)) -> Catalogue:
    """The catalogue with every team policy keeping `layers` instructor-led (SELF-PACED never applies)."""
    policies = {k: replace(p, instructor_led_layers=layers) for k, p in catalogue.team_policies.items()}
    return replace(catalogue, team_policies=policies)


def roster(*members: Member) -> Roster:
    return Roster("test roster", tuple(members), {})


def request(**changes: object) -> PlanRequest:
    values: dict[str, object] = {"start": START, "time_limit_s": 5.0}
    values.update(changes)
    return PlanRequest(**values)  # type: ignore[arg-type]


def small_team() -> Roster:
    """Seed 000's small team: data and ML engineers, AI developers, a compliance lead and a team lead."""
    return roster(
        member("DE1", "data-engineer"),
        member("DE2", "data-engineer", hours=4),
        member("ML1", "ml-engineer", deploys_to_production=True),
        member("DS1", "data-scientist", deploys_to_production=True),
        member("AI1", "ai-developer", deploys_to_production=True),
        member("AI2", "ai-developer", hours=8, deploys_to_production=True),
        member("CO1", "compliance-officer"),
        member("TL1", "team-lead", leads_externally=True),
    )


def unit_of_work(engine: Engine, actor: str = "test", *, now: datetime | None = None) -> SqlUnitOfWork:
    """A unit of work on a test store, stamped with `now` (the clock, by default)."""
    from certpath.tracking.unit_of_work import SqlUnitOfWork

    return SqlUnitOfWork(engine, actor=actor, now=now or datetime.now(UTC))


def account_work(engine: Engine, actor: str = "test", *, now: datetime | None = None) -> SqlAccountWork:
    """A unit of work on a test store's accounts, stamped with `now` (the clock, by default)."""
    from certpath.tracking.unit_of_work import SqlAccountWork

    return SqlAccountWork(engine, actor=actor, now=now or datetime.now(UTC))
