"""Depth in the layer summary: what an item proves, and what a person holds, per layer and depth.

The coverage model (catalogue/coverage.py) says a non-technical course or a literacy credential
proves its layer at non-technical depth only, so a deployer's technical Layer 3 is not held by an
L3-OVERVIEW. `layer_map` gains the depth each item's evidence satisfies (a technical item has a
row for both depths), and `person_layers` one row per person, layer and depth. Both tables are
derived: they are recreated empty, the stored maps digest is forgotten, and the next read
rebuilds them from evidence.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _recreate(with_depth=True)


def downgrade() -> None:
    _recreate(with_depth=False)


def _recreate(*, with_depth: bool) -> None:
    op.drop_table("person_layers")
    op.drop_table("layer_map")
    depth = [sa.Column("depth", sa.String(16), primary_key=True)] if with_depth else []
    op.create_table(
        "layer_map",
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("layer", sa.Integer, primary_key=True),
        *depth,
    )
    depth = [sa.Column("depth", sa.String(16), primary_key=True)] if with_depth else []
    op.create_table(
        "person_layers",
        sa.Column("person_id", sa.String(64), sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("layer", sa.Integer, primary_key=True),
        *depth,
        sa.Column("last_done", sa.Date),
        sa.Column("valid_until", sa.Date),
        sa.Column("open_ended", sa.Integer, nullable=False),
        sa.Column("window_opens", sa.Date),
        sa.Column("last_attempt", sa.Date),
        sa.Column("verified_done", sa.Date),
        sa.Column("verified_until", sa.Date),
        sa.Column("verified_open_ended", sa.Integer, nullable=False),
    )
    op.execute("DELETE FROM store_state WHERE name = 'maps'")
    op.execute("DELETE FROM snapshots")
