"""The SQL that aggregates tracking data: the database counts, Python only composes the answers.

Catalogue lookups (item -> layer, role -> layer) travel into each query as a VALUES list,
which SQLite and PostgreSQL both accept, so nothing has to be stored or kept in sync.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Integer, String, bindparam, func, select, text
from sqlalchemy.sql.selectable import TextualSelect

from certpath.tracking.coverage import Needs
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


def layer_evidence(
    connection: Connection, item_layers: dict[str, tuple[int, ...]], *, team: str | None, person: str | None
) -> list[Any]:
    """Per person and layer: last completion, latest expiry, open-ended evidence, window, attempts, best assurance."""
    params: dict[str, Any] = {}
    lookup = _values(
        "il", ("item_id", "layer"), ((i, n) for i, ls in item_layers.items() for n in ls), params
    )
    sql = f"""
        WITH {lookup}
        SELECT e.person_id, il.layer,
          MAX(CASE WHEN e.status = 'completed' THEN e.completed_on END) AS last_done,
          MAX(CASE WHEN e.status = 'completed' THEN e.expires_on END) AS valid_until,
          MAX(CASE WHEN e.status = 'completed' AND e.expires_on IS NULL THEN 1 ELSE 0 END) AS open_ended,
          MAX(CASE WHEN e.status = 'completed' THEN e.window_opens END) AS window_opens,
          MAX(CASE WHEN e.status IN ('in-progress', 'failed') THEN e.completed_on END) AS last_attempt,
          MAX(CASE WHEN e.status = 'completed' AND e.assurance = 'verified' THEN 1 ELSE 0 END) AS verified
        FROM evidence e
        JOIN people p ON p.id = e.person_id
        JOIN il ON il.item_id = e.item_id
        WHERE e.status <> 'voided' AND {_scope(team, person, params)}
        GROUP BY e.person_id, il.layer
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


def accepted_marks(accepted: Sequence[str], params: dict[str, Any]) -> str:
    params.update({f"accepted_{i}": a for i, a in enumerate(accepted)})
    return ", ".join(f":accepted_{i}" for i in range(len(accepted)))


def _need_and_held(
    needs: Needs,
    item_layers: dict[str, tuple[int, ...]],
    params: dict[str, Any],
    *,
    today: date,
    fresh_since: date,
    scope: str,
) -> str:
    roles = _values("rl", ("role", "layer", "depth"), needs.rows(), params)
    items = _values("il", ("item_id", "layer"), ((i, n) for i, ls in item_layers.items() for n in ls), params)
    params.update({"today": today, "fresh_since": fresh_since, "yes": True})
    return f"""
        WITH {roles}, {items},
        need AS (
          SELECT p.id AS person, p.team, rl.layer, rl.depth FROM people p JOIN rl ON rl.role = p.role
          WHERE {scope}
          UNION SELECT p.id, p.team, 3, 'technical' FROM people p WHERE {scope} AND p.deploys_to_production = :yes
          UNION SELECT p.id, p.team, 6, 'non-technical' FROM people p WHERE {scope} AND p.leads_externally = :yes
        )
    """


def _holds(marks: str) -> str:
    """1 when the person of row `n` holds fresh, accepted evidence of the layer: one index probe per row."""
    return f"""CASE WHEN EXISTS (
            SELECT 1 FROM evidence e JOIN il ON il.item_id = e.item_id
            WHERE e.person_id = n.person AND il.layer = n.layer AND e.status = 'completed'
              AND e.completed_on >= :fresh_since AND (e.expires_on IS NULL OR e.expires_on >= :today)
              AND e.assurance IN ({marks})) THEN 1 ELSE 0 END"""


def _coverage(
    connection: Connection,
    needs: Needs,
    item_layers: dict[str, tuple[int, ...]],
    *,
    today: date,
    fresh_since: date,
    accepted: Sequence[str],
    team: str | None,
    select_from: str,
    columns: dict[str, Any],
) -> list[Any]:
    """Run `select_from` (which may use `{holds}`) over the need CTE of the people in scope."""
    params: dict[str, Any] = {}
    scope = _scope(team, None, params)
    ctes = _need_and_held(needs, item_layers, params, today=today, fresh_since=fresh_since, scope=scope)
    holds = _holds(accepted_marks(accepted, params))
    query = _typed(ctes + select_from.format(holds=holds), params, **columns)
    return list(connection.execute(query, params))


def team_coverage(
    connection: Connection, needs: Needs, item_layers: dict[str, tuple[int, ...]], **scope: Any
) -> list[Any]:
    """Per team, layer and depth: how many people need the layer and how many hold fresh evidence of it.

    `scope`: today, fresh_since, accepted (assurance levels that count) and team (None: everyone).
    """
    select_from = """
        SELECT n.team, n.layer, n.depth, COUNT(*) AS needing, SUM({holds}) AS holding
        FROM (SELECT person, team, layer, MIN(depth) AS depth FROM need GROUP BY person, team, layer) n
        GROUP BY n.team, n.layer, n.depth ORDER BY n.team, n.layer, n.depth
    """
    columns = {"team": String, "layer": Integer, "depth": String, "needing": Integer, "holding": Integer}
    return _coverage(connection, needs, item_layers, select_from=select_from, columns=columns, **scope)


def member_coverage(
    connection: Connection, needs: Needs, item_layers: dict[str, tuple[int, ...]], **scope: Any
) -> list[Any]:
    """Per person and needed layer: whether they hold fresh, accepted evidence of it (scope as team_coverage)."""
    select_from = """
        SELECT n.person, n.team, n.layer, {holds} AS holds
        FROM (SELECT DISTINCT person, team, layer FROM need) n
        ORDER BY n.team, n.person, n.layer
    """
    columns = {"person": String, "team": String, "layer": Integer, "holds": Integer}
    return _coverage(connection, needs, item_layers, select_from=select_from, columns=columns, **scope)


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
    connection: Connection,
    item_layers: dict[str, tuple[int, ...]],
    *,
    last_before: date,
    team: str | None,
    person: str | None,
) -> list[Any]:
    """Per person and layer, the last completion when it is on or before `last_before` (due a refresh)."""
    params: dict[str, Any] = {"last_before": last_before}
    lookup = _values(
        "il", ("item_id", "layer"), ((i, n) for i, ls in item_layers.items() for n in ls), params
    )
    sql = f"""
        WITH {lookup}
        SELECT e.person_id, p.name, p.team, il.layer, MAX(e.completed_on) AS last_done
        FROM evidence e JOIN people p ON p.id = e.person_id JOIN il ON il.item_id = e.item_id
        WHERE e.status = 'completed' AND {_scope(team, person, params)}
        GROUP BY e.person_id, p.name, p.team, il.layer
        HAVING MAX(e.completed_on) <= :last_before
    """
    query = _typed(sql, params, person_id=String, name=String, team=String, layer=Integer, last_done=Date)
    return list(connection.execute(query, params))
