"""SQL for stored plans and uploaded rosters (the adapter behind services/plans.py and services/rosters.py).

A plan is visible within a scope when every person it plans is: a manager sees the plans of
their chain, a member only a plan of their own, org-wide roles every plan.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text, update

from certpath.tracking.model import Scope
from certpath.tracking.queries import scope_where
from certpath.tracking.snapshots import bump
from certpath.tracking.tables import plan_members, plans, roster_uploads

_SUMMARY = (
    plans.c.id,
    plans.c.title,
    plans.c.team,
    plans.c.status,
    plans.c.total_cost_usd,
    plans.c.created_by,
    plans.c.created_at,
    plans.c.accepted_by,
    plans.c.accepted_at,
    plans.c.request,  # small: what was asked, with the budget
)


class PlanStore:
    """Plans and roster uploads on one connection; the caller owns the transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(
        self,
        *,
        title: str,
        team: str | None,
        request: dict[str, Any],
        report: dict[str, Any],
        by: str,
        at: datetime,
    ) -> int:
        row = {
            "title": title,
            "team": team,
            "status": "draft",
            "request": json.dumps(request, sort_keys=True),
            "report": json.dumps(report),
            "total_cost_usd": float(report["total_cost_usd"]),
            "created_by": by,
            "created_at": at,
        }
        key = self.connection.execute(insert(plans).values(**row)).inserted_primary_key
        assert key is not None
        plan_id = int(key[0])
        bump(self.connection)
        people = sorted({m["id"] for m in report["members"]})
        if people:
            self.connection.execute(
                insert(plan_members), [{"plan_id": plan_id, "person_id": p} for p in people]
            )
        return plan_id

    def _visible(self, scope: Scope) -> Any:
        """A condition on `plans`: every planned person is within `scope`."""
        if scope == Scope():
            return text("1 = 1")
        params: dict[str, Any] = {}
        where = scope_where(scope, params)
        clause = f"""NOT EXISTS (
            SELECT 1 FROM plan_members pm WHERE pm.plan_id = plans.id
            AND pm.person_id NOT IN (SELECT p.id FROM people p WHERE {where}))"""
        return text(clause).bindparams(**params)

    def listed(self, scope: Scope, *, team: str | None = None, limit: int = 200) -> list[Any]:
        """Plans within scope (of one team, if given), newest first."""
        query = select(*_SUMMARY).where(self._visible(scope)).order_by(plans.c.id.desc()).limit(limit)
        if team is not None:
            query = query.where(plans.c.team == team)
        return list(self.connection.execute(query))

    def get(self, plan_id: int, scope: Scope) -> Any:
        """The plan (with request and report JSON) when it is within scope, else None."""
        query = select(plans).where(plans.c.id == plan_id, self._visible(scope))
        return self.connection.execute(query).first()

    def accept(self, plan_id: int, *, by: str, at: datetime) -> None:
        values = {"status": "accepted", "accepted_by": by, "accepted_at": at}
        self.connection.execute(update(plans).where(plans.c.id == plan_id).values(**values))
        bump(self.connection)

    def accepted_for(self, person_id: str) -> list[Any]:
        """Accepted plans that include `person_id`, newest first."""
        query = (
            select(plans)
            .join(plan_members, plan_members.c.plan_id == plans.c.id)
            .where(plan_members.c.person_id == person_id, plans.c.status == "accepted")
            .order_by(plans.c.accepted_at.desc(), plans.c.id.desc())
        )
        return list(self.connection.execute(query))

    def add_upload(
        self, *, filename: str, sha256: str, data: bytes | None, preview: str, by: str, at: datetime
    ) -> int:
        row: dict[str, Any] = {"filename": filename, "sha256": sha256, "data": data, "preview": preview}
        row.update(uploaded_by=by, created_at=at)
        key = self.connection.execute(insert(roster_uploads).values(**row)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def upload(self, upload_id: int) -> Any:
        return self.connection.execute(select(roster_uploads).where(roster_uploads.c.id == upload_id)).first()

    def mark_committed(self, upload_id: int, *, at: datetime, preview: str) -> None:
        """Record the commit and drop the kept columns: the people are in the store now."""
        query = (
            update(roster_uploads)
            .where(roster_uploads.c.id == upload_id)
            .values(committed_at=at, data=None, preview=preview)
        )
        self.connection.execute(query)

    def purge_uploads(self, *, before: datetime) -> int:
        """Delete uploads made before `before` and never committed; how many."""
        query = delete(roster_uploads).where(
            roster_uploads.c.committed_at.is_(None), roster_uploads.c.created_at < before
        )
        return int(self.connection.execute(query).rowcount)
