"""A portable backup of the whole store as JSON lines, and its exact restore into an empty database.

Line 1 is a header (format version, schema revision, row counts); then one line per row,
`{"table": ..., "row": {...}}`, parents before children. Dates are ISO 8601, times UTC.
The same file restores into SQLite or PostgreSQL. A name ending in .gz is gzip-compressed.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Date, DateTime, Engine, Integer, insert, select, text

from certpath.errors import StoreError
from certpath.tracking.database import schema_state, table_counts
from certpath.tracking.summary import invalidate
from certpath.tracking.tables import BACKUP_ORDER

FORMAT = "certpath-backup/1"
_BY_NAME = {table.name: table for table in BACKUP_ORDER}


def _open(path: Path, mode: str, *, gz: bool | None = None) -> IO[str]:
    if path.suffix == ".gz" if gz is None else gz:
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dump_rows(engine: Engine) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of every table, in backup order and primary-key order, as plain JSON values."""
    with engine.connect() as connection:
        for table in BACKUP_ORDER:
            for row in connection.execute(select(table).order_by(*table.primary_key.columns)):
                yield table.name, {key: _plain(value) for key, value in row._mapping.items()}


def backup(engine: Engine, path: Path) -> dict[str, int]:
    """Write everything to `path` (written to a temporary name first, so a failure leaves no half file)."""
    state = schema_state(engine)
    counts = table_counts(engine)
    partial = path.with_name(path.name + ".partial")
    with _open(partial, "w", gz=path.suffix == ".gz") as out:
        out.write(json.dumps({"format": FORMAT, "schema": state.current, "counts": counts}) + "\n")
        for name, row in dump_rows(engine):
            out.write(json.dumps({"table": name, "row": row}, sort_keys=True) + "\n")
    partial.replace(path)
    return counts


def _typed(table_name: str, row: dict[str, Any]) -> dict[str, Any]:
    table = _BY_NAME[table_name]
    typed = {}
    for key, value in row.items():
        column_type = table.c[key].type
        if value is not None and isinstance(column_type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column_type, Date):
            value = date.fromisoformat(value)
        typed[key] = value
    return typed


def restore(engine: Engine, path: Path) -> dict[str, int]:
    """Load a backup into an empty, current database in one transaction; refuse anything else."""
    state = schema_state(engine)
    try:
        with _open(path, "r") as source:
            header = json.loads(source.readline() or "{}")
            if header.get("format") != FORMAT:
                raise StoreError(
                    f"{path} is not a certpath backup (its first line has no '{FORMAT}' header)."
                )
            if header.get("schema") != state.current:
                raise StoreError(
                    f"{path} was taken at schema {header.get('schema')}; this database is at {state.current}. "
                    "Restore into a database at the same schema, then run `certpath db upgrade`."
                )
            return _load(engine, source, path)
    except (OSError, EOFError, json.JSONDecodeError, gzip.BadGzipFile) as error:
        raise StoreError(f"{path} cannot be read as a certpath backup: {error}") from None


def _load(engine: Engine, source: IO[str], path: Path) -> dict[str, int]:
    counts = dict.fromkeys(_BY_NAME, 0)
    with engine.begin() as connection:
        for table in BACKUP_ORDER:
            if connection.execute(select(table).limit(1)).first() is not None:
                raise StoreError(
                    f"The database is not empty (table {table.name} has rows); restore only into an empty one."
                )
        invalidate(connection)  # the layer summary is derived: the next read rebuilds it
        pending: list[dict[str, Any]] = []
        current: str | None = None
        for number, line in enumerate(source, start=2):
            record = json.loads(line)
            name = record.get("table")
            if name not in _BY_NAME:
                raise StoreError(f"{path}:{number}: unknown table '{name}'; the backup is damaged.")
            if name != current or len(pending) >= 1000:
                _flush(connection, current, pending)
                current, pending = name, []
            pending.append(_typed(name, record["row"]))
            counts[name] += 1
        _flush(connection, current, pending)
        if connection.dialect.name == "postgresql":
            for table in BACKUP_ORDER:
                if "id" in table.c and isinstance(table.c.id.type, Integer):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                        )
                    )
    return counts


def _flush(connection: Connection, name: str | None, rows: list[dict[str, Any]]) -> None:
    if name is not None and rows:
        connection.execute(insert(_BY_NAME[name]), rows)
