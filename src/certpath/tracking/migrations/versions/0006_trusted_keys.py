"""Issuer keys pinned by an admin, with who pinned them and when.

`certpath evidence import --trust FILE`, `certpath evidence trust add FILE` and a badge map's
`trust:` section pin the keys of a DID document, a JWKS or a CryptographicKey here; a
credential's key-trusted check passes only for a key pinned for its issuer.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trusted_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("issuer", sa.String(500), nullable=False),
        sa.Column("key_id", sa.String(1000), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("pinned_by", sa.String(200), nullable=False),
        sa.Column("pinned_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("issuer", "key_id", "key", name="uq_trusted_keys"),
    )


def downgrade() -> None:
    op.drop_table("trusted_keys")
