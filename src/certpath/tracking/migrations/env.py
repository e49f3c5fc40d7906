"""Alembic environment: migrations run on the connection certpath hands over, never on their own."""

from __future__ import annotations

from alembic import context

from certpath.tracking.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
