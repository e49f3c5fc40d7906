"""The SQL that aggregates tracking data: the database counts, Python only composes the answers.

Layer questions read `person_layers`, the per-person, per-layer summary, and `need_map`,
the layers each role needs under each policy (both kept by tracking/summary.py). A catalogue
lookup that a query needs beyond those (the Layer 1 items) travels in as a bound VALUES list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Integer, String, bindparam, func, select, text
from sqlalchemy.sql.selectable import TextualSelect

from certpath.tracking.model import Person
from certpath.tracking.repository import person_from_row
from certpath.tracking.tables import people

_ACTIVE = "p.active = :active"


def _values(name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], params: dict[str, Any]) -> str:
    """`name(columns) AS (VALUES (...), ...)` with every value bound, never spliced into the SQL."""
    parts = []
    for i, row in enumerate(rows):
        keys = []
        for column, value in zip(columns, row, strict=True):
            key = f"{name}_{column}_{i}"
            params[key] = value
            keys.append(f":{key}")
        parts.append(f"({', '.join(keys)})")
    if not parts:  # an empty VALUES list is not SQL; a row that matches nothing is
        for column in columns:
            params[f"{name}_{column}_x"] = None
        parts.append("(" + ", ".join(f":{name}_{c}_x" for c in columns) + ")")
    return f"{name}({', '.join(columns)}) AS (VALUES {', '.join(parts)})"


def _scope(team: str | None, person: str | None, params: dict[str, Any]) -> str:
    clauses = [_ACTIVE]
    params["active"] = True
    if team is not None:
        clauses.append("p.team = :team")
        params["team"] = team
    if person is not None:
        clauses.append("p.id = :person")
        params["person"] = person
    return " AND ".join(clauses)


def _typed(sql: str, params: dict[str, Any], **columns: Any) -> TextualSelect:
    binds: list[Any] = [bindparam(k, type_=Date) for k, v in params.items() if isinstance(v, date)]
    binds += [bindparam(k, type_=Boolean()) for k, v in params.items() if isinstance(v, bool)]
    return text(sql).bindparams(*binds).columns(**columns)


def layer_evidence(connection: Connection, *, team: str | None, person: str | None) -> list[Any]:
    """Per person and layer: last completion, latest expiry, open-ended evidence, window, attempts, verified."""
    params: dict[str, Any] = {}
    sql = f"""
        SELECT s.person_id, s.layer, s.last_done, s.valid_until, s.open_ended, s.window_opens, s.last_attempt,
          CASE WHEN s.verified_done IS NULL THEN 0 ELSE 1 END AS verified
        FROM person_layers s JOIN people p ON p.id = s.person_id
        WHERE {_scope(team, person, params)}
    """
    query = _typed(
        sql,
        params,
        person_id=String,
        layer=Integer,
        last_done=Date,
        valid_until=Date,
        open_ended=Integer,
        window_opens=Date,
        last_attempt=Date,
        verified=Integer,
    )
    return list(connection.execute(query, params))


def _held(params: dict[str, Any], *, today: date, fresh_since: date, verified_only: bool) -> str:
    """The summary row `s` shows the layer held: the latest completion is fresh, and one is unexpired.

    The same reading as status: fresh enough by the latest completion, and some completion
    that never expires or has not expired yet. `verified_only` reads the verified columns.
    """
    params.update({"today": today, "fresh_since": fresh_since})
    done, until, open_ended = (
        ("verified_done", "verified_until", "verified_open_ended")
        if verified_only
        else ("last_done", "valid_until", "open_ended")
    )
    return f"s.{done} >= :fresh_since AND (s.{open_ended} = 1 OR s.{until} >= :today)"


#: Join condition: the need_map rows `n` for person `p` under the bound `:policy`.
_NEEDED = (
    "n.policy = :policy AND n.role = p.role"
    " AND n.deploys = p.deploys_to_production AND n.leads = p.leads_externally"
)


def team_coverage(
    connection: Connection,
    *,
    policy: str,
    today: date,
    fresh_since: date,
    verified_only: bool,
    team: str | None,
) -> list[Any]:
    """Per team, needed layer and depth: how many active people need it and how many hold it.

    `need_map` gives each person's needed layers under `policy` (an index probe by role and
    flags), the summary whether they hold each one (a probe by person and layer).
    """
    params: dict[str, Any] = {"policy": policy}
    held = _held(params, today=today, fresh_since=fresh_since, verified_only=verified_only)
    sql = f"""
        SELECT p.team, n.layer, n.depth, COUNT(*) AS needing,
          SUM(CASE WHEN {held} THEN 1 ELSE 0 END) AS holding
        FROM people p
        JOIN need_map n ON {_NEEDED}
        LEFT JOIN person_layers s ON s.person_id = p.id AND s.layer = n.layer
        WHERE {_scope(team, None, params)}
        GROUP BY p.team, n.layer, n.depth ORDER BY p.team, n.layer, n.depth
    """
    columns = {"team": String, "layer": Integer, "depth": String, "needing": Integer, "holding": Integer}
    return list(connection.execute(_typed(sql, params, **columns), params))


def held_layers(
    connection: Connection, *, today: date, fresh_since: date, verified_only: bool, team: str | None
) -> set[tuple[str, int]]:
    """(person, layer) for every layer an active person in scope holds (fresh, unexpired)."""
    params: dict[str, Any] = {}
    held = _held(params, today=today, fresh_since=fresh_since, verified_only=verified_only)
    sql = f"""
        SELECT s.person_id, s.layer FROM people p JOIN person_layers s ON s.person_id = p.id
        WHERE {_scope(team, None, params)} AND {held}
    """
    query = _typed(sql, params, person_id=String, layer=Integer)
    return {(row.person_id, row.layer) for row in connection.execute(query, params)}


def literacy_counts(connection: Connection, *, team: str | None) -> list[Any]:
    """Per team: active people, and how many of them have completed Layer 1 at any time."""
    params: dict[str, Any] = {}
    sql = f"""
        SELECT p.team, COUNT(*) AS people, COUNT(s.person_id) AS with_layer_1
        FROM people p LEFT JOIN person_layers s ON s.person_id = p.id AND s.layer = 1 AND s.last_done IS NOT NULL
        WHERE {_scope(team, None, params)} GROUP BY p.team ORDER BY p.team
    """
    query = _typed(sql, params, team=String, people=Integer, with_layer_1=Integer)
    return list(connection.execute(query, params))


def active_people(connection: Connection, *, team: str | None, person: str | None) -> list[Person]:
    """Active people in scope, by team then id."""
    query = select(people).where(people.c.active.is_(True)).order_by(people.c.team, people.c.id)
    if team is not None:
        query = query.where(people.c.team == team)
    if person is not None:
        query = query.where(people.c.id == person)
    return [person_from_row(row) for row in connection.execute(query)]


def active_count(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).where(people.c.active.is_(True))).scalar_one())


def team_hours(connection: Connection) -> dict[str, float]:
    """Each team's average weekly study hours."""
    query = select(people.c.team, func.avg(people.c.hours_per_week)).where(people.c.active.is_(True))
    return {team: float(avg) for team, avg in connection.execute(query.group_by(people.c.team))}


def literacy(connection: Connection, items: Sequence[str], *, team: str | None) -> list[Any]:
    """Every active person in scope with their latest completed Layer 1 evidence (or none)."""
    params: dict[str, Any] = {}
    lookup = _values("l1", ("item_id",), ((i,) for i in items), params)
    scope = _scope(team, None, params)
    sql = f"""
        WITH {lookup},
        latest AS (
          SELECT e.person_id, MAX(e.completed_on) AS completed_on FROM evidence e JOIN l1 ON l1.item_id = e.item_id
          WHERE e.status = 'completed' GROUP BY e.person_id
        )
        SELECT p.id, p.name, p.team, l.completed_on,
          (SELECT MIN(e.item_id || '|' || e.source || '|' || e.assurance) FROM evidence e JOIN l1 ON l1.item_id = e.item_id
           WHERE e.person_id = p.id AND e.status = 'completed' AND e.completed_on = l.completed_on) AS proof
        FROM people p LEFT JOIN latest l ON l.person_id = p.id
        WHERE {scope} ORDER BY p.team, p.id
    """
    query = _typed(sql, params, id=String, name=String, team=String, completed_on=Date, proof=String)
    return list(connection.execute(query, params))


def expiring(
    connection: Connection, *, until: date, since: date, team: str | None, person: str | None
) -> list[Any]:
    """Each person's latest expiry per credential that falls between `since` and `until`."""
    params: dict[str, Any] = {"until": until, "since": since}
    sql = f"""
        SELECT e.person_id, p.name, p.team, e.item_id, MAX(e.expires_on) AS expires_on, MAX(e.window_opens) AS window_opens
        FROM evidence e JOIN people p ON p.id = e.person_id
        WHERE e.status = 'completed' AND e.item_id IS NOT NULL AND e.expires_on IS NOT NULL
          AND {_scope(team, person, params)}
        GROUP BY e.person_id, p.name, p.team, e.item_id
        HAVING MAX(e.expires_on) <= :until AND MAX(e.expires_on) >= :since
    """
    query = _typed(
        sql,
        params,
        person_id=String,
        name=String,
        team=String,
        item_id=String,
        expires_on=Date,
        window_opens=Date,
    )
    return list(connection.execute(query, params))


def stale_layers(
    connection: Connection, *, policy: str, last_before: date, team: str | None, person: str | None
) -> list[Any]:
    """Per person and needed layer (under `policy`), the last completion when it is on or before `last_before`."""
    params: dict[str, Any] = {"last_before": last_before, "policy": policy}
    sql = f"""
        SELECT s.person_id, p.name, p.team, s.layer, s.last_done
        FROM person_layers s JOIN people p ON p.id = s.person_id
        JOIN need_map n ON {_NEEDED} AND n.layer = s.layer
        WHERE {_scope(team, person, params)} AND s.last_done <= :last_before
    """
    query = _typed(sql, params, person_id=String, name=String, team=String, layer=Integer, last_done=Date)
    return list(connection.execute(query, params))
