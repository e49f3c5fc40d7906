"""The read side of the SQL adapter (tracking/ports.py `ProgressReads`): the queries on the unit of work's connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection

from certpath.tracking import queries
from certpath.tracking.model import Scope


class SqlReads:
    """Status, gaps, due and page reads, each one statement the database aggregates."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def active_count(self) -> int:
        return queries.active_count(self.connection)

    def teams(self, *, scope: Scope) -> list[tuple[str, int]]:
        return [(row.team, row.people) for row in queries.teams(self.connection, scope=scope)]

    def team_hours(self, *, scope: Scope) -> dict[str, float]:
        return queries.team_hours(self.connection, scope=scope)

    def layer_evidence(self, *, policy: str, scope: Scope) -> list[Any]:
        return queries.layer_evidence(self.connection, policy=policy, scope=scope)

    def team_coverage(
        self, *, policy: str, today: date, fresh_since: date, verified_only: bool, scope: Scope
    ) -> list[Any]:
        return queries.team_coverage(
            self.connection,
            policy=policy,
            today=today,
            fresh_since=fresh_since,
            verified_only=verified_only,
            scope=scope,
        )

    def literacy(self, items: Sequence[str], *, scope: Scope) -> list[Any]:
        return queries.literacy(self.connection, items, scope=scope)

    def expiring(self, *, until: date, scope: Scope) -> list[Any]:
        return queries.expiring(self.connection, until=until, scope=scope)

    def stale_layers(self, *, policy: str, last_before: date, scope: Scope) -> list[Any]:
        return queries.stale_layers(self.connection, policy=policy, last_before=last_before, scope=scope)

    def freshness_bands(self, *, scope: Scope, fresh_since: date, aging_since: date) -> list[Any]:
        return queries.freshness_bands(
            self.connection, scope=scope, fresh_since=fresh_since, aging_since=aging_since
        )
