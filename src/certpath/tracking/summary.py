"""Keep `person_layers`, the per-person, per-layer summary of evidence, in step with evidence.

Status, gaps and due read the summary: one indexed row per person, layer and depth instead of
every piece of evidence. Both maps come from the coverage model (catalogue/coverage.py): a row
for depth D aggregates the evidence that satisfies a need for the layer at depth D. It is
derived data, so it is maintained in two ways:

- `sync` compares the catalogue's maps (item -> layers and depths, role -> needed layers) with the
  stored ones and, when the item map differs (a new catalogue release, a restored backup),
  rebuilds the whole summary;
- `refresh` recomputes the rows of the people a transaction wrote evidence for; the unit
  of work calls it just before it commits, so readers never see evidence without its summary.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, func, insert, select, text

from certpath.catalogue.coverage import need_rows, proof_rows
from certpath.tracking.database import single_statements
from certpath.tracking.tables import layer_map, need_map, people, person_layers, snapshots, store_state

if TYPE_CHECKING:
    from certpath.catalogue.model import Catalogue

#: People per statement when refreshing some of them.
CHUNK = 500

_AGGREGATE = """
    INSERT INTO person_layers
      (person_id, layer, depth, last_done, valid_until, open_ended, window_opens, last_attempt,
       verified_done, verified_until, verified_open_ended)
    SELECT e.person_id, m.layer, m.depth,
      MAX(CASE WHEN e.status = 'completed' THEN e.completed_on END),
      MAX(CASE WHEN e.status = 'completed' THEN e.expires_on END),
      MAX(CASE WHEN e.status = 'completed' AND e.expires_on IS NULL THEN 1 ELSE 0 END),
      MAX(CASE WHEN e.status = 'completed' THEN e.window_opens END),
      MAX(CASE WHEN e.status IN ('in-progress', 'failed') THEN e.completed_on END),
      MAX(CASE WHEN e.status = 'completed' AND e.assurance = 'verified' THEN e.completed_on END),
      MAX(CASE WHEN e.status = 'completed' AND e.assurance = 'verified' THEN e.expires_on END),
      MAX(CASE WHEN e.status = 'completed' AND e.assurance = 'verified' AND e.expires_on IS NULL
          THEN 1 ELSE 0 END)
    FROM evidence e JOIN layer_map m ON m.item_id = e.item_id
    WHERE e.status NOT IN ('voided', 'revoked') {where}
    GROUP BY e.person_id, m.layer, m.depth
"""


@dataclass(frozen=True)
class CatalogueMaps:
    """What the store needs to know of the catalogue: which needs items satisfy, which layers roles need."""

    item_layers: frozenset[tuple[str, int, str]]  # item, layer, depth
    needs: frozenset[tuple[str, str, bool, bool, int, str]]  # policy, role, deploys, leads, layer, depth

    @classmethod
    def of(cls, catalogue: Catalogue) -> CatalogueMaps:
        """The maps of a catalogue (computed once per catalogue object: it never changes)."""
        cached = _MAPS.get(id(catalogue))
        if cached is not None and cached[0]() is catalogue:
            return cached[1]
        maps = cls(frozenset(proof_rows(catalogue)), frozenset(need_rows(catalogue)))
        _MAPS[id(catalogue)] = (weakref.ref(catalogue), maps)
        return maps

    @cached_property
    def digest(self) -> str:
        """SHA-256 of both maps in a canonical order: equal digests, equal maps."""
        text = json.dumps([sorted(self.item_layers), sorted(self.needs)])
        return hashlib.sha256(text.encode()).hexdigest()


_MAPS: dict[int, tuple[weakref.ref[Catalogue], CatalogueMaps]] = {}


def _stored(connection: Connection) -> CatalogueMaps:
    items = {(row.item_id, row.layer, row.depth) for row in connection.execute(select(layer_map))}
    needs = {
        (r.policy, r.role, bool(r.deploys), bool(r.leads), r.layer, r.depth)
        for r in connection.execute(select(need_map))
    }
    return CatalogueMaps(frozenset(items), frozenset(needs))


def ensure(engine: Engine, maps: CatalogueMaps) -> None:
    """Before reading: bring the stored maps (and so the summary) up to date in their own transaction.

    One row answers it: the digest of the maps the summary was last built with.
    """

    with single_statements(engine) as connection:
        query = select(store_state.c.value).where(store_state.c.name == "maps")
        if connection.execute(query).scalar_one_or_none() == maps.digest:
            return
    with engine.begin() as connection:
        sync(connection, maps)


def sync(connection: Connection, maps: CatalogueMaps) -> bool:
    """Store the catalogue's maps where they differ, rebuilding the summary for a new item map.

    True when anything changed.
    """
    stored = _stored(connection)
    if stored.needs != maps.needs:
        connection.execute(delete(need_map))
        columns = ("policy", "role", "deploys", "leads", "layer", "depth")
        connection.execute(
            insert(need_map), [dict(zip(columns, row, strict=True)) for row in sorted(maps.needs)]
        )
    if stored.item_layers != maps.item_layers:
        connection.execute(delete(layer_map))
        connection.execute(
            insert(layer_map),
            [{"item_id": i, "layer": n, "depth": d} for i, n, d in sorted(maps.item_layers)],
        )
        rebuild(connection)
    connection.execute(delete(store_state).where(store_state.c.name == "maps"))
    connection.execute(insert(store_state).values(name="maps", value=maps.digest))
    return stored != maps


def rebuild(connection: Connection) -> None:
    """Recompute every row of the summary from evidence."""
    connection.execute(delete(person_layers))
    connection.execute(text(_AGGREGATE.format(where="")))
    if connection.dialect.name == "postgresql":
        # Fresh statistics now, not when autovacuum gets round to it: without them the
        # planner read gaps over a just-rebuilt summary with nested loops (10 s, not 1 s).
        connection.execute(text("ANALYZE person_layers, evidence, people"))


def refresh(connection: Connection, person_ids: Collection[str]) -> None:
    """Recompute the summary rows of `person_ids` (everyone's, when they are a quarter or more)."""
    if len(person_ids) > CHUNK:
        everyone = connection.execute(select(func.count()).select_from(people)).scalar_one()
        if len(person_ids) * 4 >= everyone:
            rebuild(connection)
            return
    wanted = sorted(person_ids)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        params = {f"p{i}": person for i, person in enumerate(chunk)}
        marks = ", ".join(f":p{i}" for i in range(len(chunk)))
        connection.execute(delete(person_layers).where(person_layers.c.person_id.in_(chunk)))
        connection.execute(text(_AGGREGATE.format(where=f"AND e.person_id IN ({marks})")), params)


def invalidate(connection: Connection) -> None:
    """Forget the summary and the maps, so the next `sync` rebuilds them (after a restore)."""
    for table in (person_layers, layer_map, need_map, store_state, snapshots):
        connection.execute(delete(table))
