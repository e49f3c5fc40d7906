"""The SQL that aggregates tracking data: the database counts, Python only composes the answers.

Layer questions read `person_layers`, the per-person, per-layer, per-depth summary, and
`need_map`, the layers and depths each role needs under each policy (both kept by
tracking/summary.py from the coverage model). A need is met by the summary row of its own layer
and depth; counts of a layer regardless of depth read the non-technical row, which every piece of
evidence of the layer feeds. A catalogue
lookup that a query needs beyond those (the Layer 1 items) travels in as a bound VALUES list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Float, Integer, String, bindparam, func, select, text
from sqlalchemy.sql.selectable import TextualSelect

from certpath.tracking.model import Completion, Person, Scope
from certpath.tracking.repository import person_from_row
from certpath.tracking.tables import people


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


#: The ids in a manager's reporting chain: the manager, their reports, their reports' reports...
CHAIN = """
    WITH RECURSIVE chain(id) AS (
      SELECT id FROM people WHERE id = :manager
      UNION SELECT r.id FROM people r JOIN chain c ON r.manager_id = c.id
    ) SELECT id FROM chain
"""


def scope_where(scope: Scope, params: dict[str, Any], *, alias: str = "p") -> str:
    """The WHERE clause for active people of `alias` within `scope`, its values put into `params`."""
    clauses = [f"{alias}.active = :active"]
    params["active"] = True
    if scope.team is not None:
        clauses.append(f"{alias}.team = :team")
        params["team"] = scope.team
    if scope.person is not None:
        clauses.append(f"{alias}.id = :person")
        params["person"] = scope.person
    if scope.manager is not None:
        clauses.append(f"{alias}.id IN ({CHAIN})")
        params["manager"] = scope.manager
    return " AND ".join(clauses)


def _typed(sql: str, params: dict[str, Any], **columns: Any) -> TextualSelect:
    binds: list[Any] = [bindparam(k, type_=Date) for k, v in params.items() if isinstance(v, date)]
    binds += [bindparam(k, type_=Boolean()) for k, v in params.items() if isinstance(v, bool)]
    return text(sql).bindparams(*binds).columns(**columns)


def layer_evidence(connection: Connection, *, policy: str, scope: Scope) -> list[Any]:
    """Per person and needed layer and depth (under `policy`): last completion, latest expiry,
    open-ended evidence, window, attempts, verified (and the same three for verified evidence). Rows of layers or depths not needed stay in the database."""
    params: dict[str, Any] = {"policy": policy}
    sql = f"""
        SELECT s.person_id, s.layer, s.depth, s.last_done, s.valid_until, s.open_ended, s.window_opens, s.last_attempt,
          CASE WHEN s.verified_done IS NULL THEN 0 ELSE 1 END AS verified,
          s.verified_done, s.verified_until, s.verified_open_ended
        FROM person_layers s JOIN people p ON p.id = s.person_id
        JOIN need_map n ON {_NEEDED} AND n.layer = s.layer AND n.depth = s.depth
        WHERE {scope_where(scope, params)}
    """
    query = _typed(
        sql,
        params,
        person_id=String,
        layer=Integer,
        depth=String,
        last_done=Date,
        valid_until=Date,
        open_ended=Integer,
        window_opens=Date,
        last_attempt=Date,
        verified=Integer,
        verified_done=Date,
        verified_until=Date,
        verified_open_ended=Integer,
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
    scope: Scope,
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
        LEFT JOIN person_layers s ON s.person_id = p.id AND s.layer = n.layer AND s.depth = n.depth
        WHERE {scope_where(scope, params)}
        GROUP BY p.team, n.layer, n.depth ORDER BY p.team, n.layer, n.depth
    """
    columns = {"team": String, "layer": Integer, "depth": String, "needing": Integer, "holding": Integer}
    return list(connection.execute(_typed(sql, params, **columns), params))


def active_people(connection: Connection, *, scope: Scope) -> list[Person]:
    """Active people in scope, by team then id."""
    params: dict[str, Any] = {}
    p = people.alias("p")
    where = text(scope_where(scope, params)).bindparams(**params)
    query = select(p).where(where).order_by(p.c.team, p.c.id)
    return [person_from_row(row) for row in connection.execute(query)]


def in_scope(connection: Connection, person_id: str, *, scope: Scope) -> bool:
    """Whether `person_id` is an active person within `scope` (checked by the database, not the caller)."""
    params: dict[str, Any] = {"subject": person_id}
    sql = f"SELECT 1 FROM people p WHERE p.id = :subject AND {scope_where(scope, params)}"
    return connection.execute(_typed(sql, params), params).first() is not None


def ids_in_scope(connection: Connection, *, scope: Scope) -> set[str]:
    """The ids of every active person within `scope` (a manager's chain, or one person)."""
    params: dict[str, Any] = {}
    sql = f"SELECT p.id FROM people p WHERE {scope_where(scope, params)}"
    return {row[0] for row in connection.execute(_typed(sql, params), params)}


def active_count(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).where(people.c.active.is_(True))).scalar_one())


def team_hours(connection: Connection, *, scope: Scope) -> dict[str, float]:
    """Each team's average weekly study hours (over the people in scope)."""
    params: dict[str, Any] = {}
    sql = f"SELECT p.team, AVG(p.hours_per_week) AS hours FROM people p WHERE {scope_where(scope, params)} GROUP BY p.team"
    rows = connection.execute(_typed(sql, params, team=String, hours=Float), params)
    return {row.team: float(row.hours) for row in rows}


def literacy(connection: Connection, items: Sequence[str], *, scope: Scope) -> list[Any]:
    """Every active person in scope with their latest completed Layer 1 evidence (or none)."""
    params: dict[str, Any] = {}
    lookup = _values("l1", ("item_id",), ((i,) for i in items), params)
    where = scope_where(scope, params)
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
        WHERE {where} ORDER BY p.team, p.id
    """
    query = _typed(sql, params, id=String, name=String, team=String, completed_on=Date, proof=String)
    return list(connection.execute(query, params))


def expiring(connection: Connection, *, until: date, scope: Scope) -> list[Any]:
    """Each person's latest expiry per credential when it falls on or before `until` (past ones too)."""
    params: dict[str, Any] = {"until": until}
    sql = f"""
        SELECT e.person_id, p.name, p.team, e.item_id, MAX(e.expires_on) AS expires_on, MAX(e.window_opens) AS window_opens
        FROM evidence e JOIN people p ON p.id = e.person_id
        WHERE e.status = 'completed' AND e.item_id IS NOT NULL AND e.expires_on IS NOT NULL
          AND {scope_where(scope, params)}
        GROUP BY e.person_id, p.name, p.team, e.item_id
        HAVING MAX(e.expires_on) <= :until
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


def stale_layers(connection: Connection, *, policy: str, last_before: date, scope: Scope) -> list[Any]:
    """Per person and needed layer (under `policy`), the last completion when it is on or before `last_before`."""
    params: dict[str, Any] = {"last_before": last_before, "policy": policy}
    sql = f"""
        SELECT s.person_id, p.name, p.team, s.layer, s.depth, s.last_done, s.valid_until, s.open_ended
        FROM person_layers s JOIN people p ON p.id = s.person_id
        JOIN need_map n ON {_NEEDED} AND n.layer = s.layer AND n.depth = s.depth
        WHERE {scope_where(scope, params)} AND s.last_done <= :last_before
    """
    query = _typed(
        sql,
        params,
        person_id=String,
        name=String,
        team=String,
        layer=Integer,
        depth=String,
        last_done=Date,
        valid_until=Date,
        open_ended=Integer,
    )
    return list(connection.execute(query, params))


def completed_items(connection: Connection, *, scope: Scope) -> list[Completion]:
    """Per active person in scope and catalogue item: the latest completion date, whether any is verified,
    and the latest expiry (NULL when some completion never expires), as the layer summary reads them."""
    params: dict[str, Any] = {}
    sql = f"""
        SELECT e.person_id, e.item_id, MAX(e.completed_on) AS completed_on,
          MAX(CASE WHEN e.assurance = 'verified' THEN 1 ELSE 0 END) AS verified,
          CASE WHEN COUNT(*) > COUNT(e.expires_on) THEN NULL ELSE MAX(e.expires_on) END AS expires_on
        FROM evidence e JOIN people p ON p.id = e.person_id
        WHERE e.status = 'completed' AND e.item_id IS NOT NULL AND {scope_where(scope, params)}
        GROUP BY e.person_id, e.item_id ORDER BY e.person_id, e.item_id
    """
    query = _typed(
        sql, params, person_id=String, item_id=String, completed_on=Date, verified=Integer, expires_on=Date
    )
    return [
        Completion(row.person_id, row.item_id, row.completed_on, bool(row.verified), row.expires_on)
        for row in connection.execute(query, params)
    ]


def teams(connection: Connection, *, scope: Scope) -> list[Any]:
    """Teams with active people in scope: name and head count."""
    params: dict[str, Any] = {}
    sql = f"SELECT p.team, COUNT(*) AS people FROM people p WHERE {scope_where(scope, params)} GROUP BY p.team ORDER BY p.team"
    return list(connection.execute(_typed(sql, params, team=String, people=Integer), params))


def freshness_bands(
    connection: Connection, *, scope: Scope, fresh_since: date, aging_since: date
) -> list[Any]:
    """Per layer: people in scope whose latest completion is on or after `fresh_since`, on or after
    `aging_since`, or older (fresh, aging, stale)."""
    params: dict[str, Any] = {}
    where = scope_where(scope, params)
    params.update({"fresh": fresh_since, "aging": aging_since})
    sql = f"""
        SELECT s.layer,
          SUM(CASE WHEN s.last_done >= :fresh THEN 1 ELSE 0 END) AS fresh,
          SUM(CASE WHEN s.last_done < :fresh AND s.last_done >= :aging THEN 1 ELSE 0 END) AS aging,
          SUM(CASE WHEN s.last_done < :aging THEN 1 ELSE 0 END) AS stale
        FROM person_layers s JOIN people p ON p.id = s.person_id
        WHERE {where} AND s.depth = 'non-technical' AND s.last_done IS NOT NULL
        GROUP BY s.layer ORDER BY s.layer
    """
    query = _typed(sql, params, layer=Integer, fresh=Integer, aging=Integer, stale=Integer)
    return list(connection.execute(query, params))
