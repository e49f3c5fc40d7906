"""Where the tracking store lives, how to connect, and whether its schema is current.

SQLite in the user's data directory by default, created on first use; any SQLAlchemy
URL through CERTPATH_DATABASE_URL (PostgreSQL with psycopg 3 for a company).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection as Connection  # re-exported for annotations in services
from sqlalchemy import Engine as Engine
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import make_url

from certpath.errors import SchemaBehindError, StoreError
from certpath.tracking.tables import BACKUP_ORDER

MIGRATIONS = Path(__file__).parent / "migrations"


def default_url() -> str:
    """SQLite in the platform's user data directory (for example ~/.local/share/certpath)."""
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('certpath', appauthor=False)) / 'certpath.db'}"


def make_engine(url: str | None) -> Engine:
    """An engine for `url` (default SQLite); SQLite gets WAL, foreign keys and real transactions."""
    url = url or default_url()
    try:
        parsed = make_url(url)
    except Exception:
        raise StoreError(
            f"CERTPATH_DATABASE_URL '{url}' is not a database URL; write it like "
            "postgresql+psycopg://user:password@localhost/certpath or sqlite:///path/to/certpath.db."
        ) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # Pool: with SQLAlchemy's default of 5, a busy web worker opened and closed a server connection
    # (a PostgreSQL backend) per request, which cost more than its queries. Pre-ping: without it
    # the first statement on each connection left dead by a server restart failed (a 500); the
    # ping is a loopback round trip per checkout, which the serve benchmark does not notice.
    return create_engine(url, pool_size=20, max_overflow=20, pool_recycle=3600, pool_pre_ping=True)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin and end.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA temp_store=MEMORY")  # sorts for GROUP BY and index builds stay in RAM
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def single_statements(engine: Engine) -> Connection:
    """A connection in autocommit mode, for one-statement reads and appends on a hot path:
    no BEGIN and COMMIT round trips, and on SQLite no write lock taken for a read."""
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def describe(engine: Engine) -> str:
    """The database's URL with the password hidden, for messages."""
    return engine.url.render_as_string(hide_password=True)


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Which migration the database is at and which one this certpath expects."""

    current: str | None
    head: str
    empty: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest migration this certpath ships."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def schema_state(engine: Engine) -> SchemaState:
    """The database's migration revision against this certpath's head revision."""
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        empty = not inspect(connection).get_table_names()
    return SchemaState(current, head, empty)


def upgrade(engine: Engine, *, to: str = "head") -> SchemaState:
    """Apply every migration the database lacks (up to revision `to`), in one transaction."""
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, to)
    return schema_state(engine)


def ensure_current(engine: Engine) -> None:
    """Create a brand-new database; refuse one whose schema is behind or ahead, naming the fix."""
    state = schema_state(engine)
    if state.up_to_date:
        return
    if state.empty:
        upgrade(engine)
        return
    where = describe(engine)
    if state.current is None:
        raise StoreError(
            f"The database {where} has tables but no certpath schema version. Point "
            "CERTPATH_DATABASE_URL at an empty database or at a certpath database."
        )
    if state.current not in known_revisions():
        raise StoreError(
            f"The database {where} is at schema {state.current}, newer than this certpath "
            f"(which knows up to {state.head}). Upgrade certpath."
        )
    raise SchemaBehindError(
        f"The database {where} is at schema {state.current}; this certpath needs {state.head}. "
        "Run `certpath db backup FILE` and then `certpath db upgrade`."
    )


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows in each certpath table that exists, in backup order."""
    from sqlalchemy import func, select

    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return {
            table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
            for table in BACKUP_ORDER
            if table.name in present
        }
