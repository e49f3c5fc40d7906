"""Store each distinct verification record once; add the per-person, per-layer summary.

Evidence rows pointed at their own copy of the checks JSON; a CSV of a million rows
stored the same record a million times. Now `verifications` holds each distinct record
once (keyed by its SHA-256) and evidence refers to it.

`layer_map` is the catalogue's item -> layer map the summary was built with, `need_map`
the layers each role (and pair of flags) needs under each team policy, and
`person_layers` aggregates evidence per person and layer (all of it, and the verified part),
so status and gaps read one indexed row per need instead of scanning evidence. Both are derived: the
application rebuilds them whenever the catalogue's map differs from the stored one.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verifications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.UniqueConstraint("sha256", name="uq_verifications_sha256"),
    )
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("verification_id", sa.Integer))
    _move_checks()
    with op.batch_alter_table("evidence") as batch:
        batch.alter_column("verification_id", existing_type=sa.Integer, nullable=False)
        batch.create_foreign_key("fk_evidence_verification", "verifications", ["verification_id"], ["id"])
        batch.drop_column("checks")
    op.create_table(
        "layer_map",
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("layer", sa.Integer, primary_key=True),
    )
    op.create_table(
        "need_map",
        sa.Column("policy", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(64), primary_key=True),
        sa.Column("deploys", sa.Boolean, primary_key=True),
        sa.Column("leads", sa.Boolean, primary_key=True),
        sa.Column("layer", sa.Integer, primary_key=True),
        sa.Column("depth", sa.String(16), nullable=False),
    )
    op.create_table(
        "person_layers",
        sa.Column("person_id", sa.String(64), sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("layer", sa.Integer, primary_key=True),
        sa.Column("last_done", sa.Date),
        sa.Column("valid_until", sa.Date),
        sa.Column("open_ended", sa.Integer, nullable=False),
        sa.Column("window_opens", sa.Date),
        sa.Column("last_attempt", sa.Date),
        sa.Column("verified_done", sa.Date),
        sa.Column("verified_until", sa.Date),
        sa.Column("verified_open_ended", sa.Integer, nullable=False),
    )


def _move_checks() -> None:
    """One verification row per distinct checks text; every evidence row points at its record."""
    bind = op.get_bind()
    records = [row[0] for row in bind.execute(sa.text("SELECT DISTINCT checks FROM evidence"))]
    for record in records:
        bind.execute(
            sa.text("INSERT INTO verifications (sha256, record) VALUES (:sha, :record)"),
            {"sha": hashlib.sha256(record.encode()).hexdigest(), "record": record},
        )
    bind.execute(
        sa.text(
            "UPDATE evidence SET verification_id = "
            "(SELECT v.id FROM verifications v WHERE v.record = evidence.checks)"
        )
    )


def downgrade() -> None:
    op.drop_table("person_layers")
    op.drop_table("need_map")
    op.drop_table("layer_map")
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("checks", sa.Text))
    op.get_bind().execute(
        sa.text(
            "UPDATE evidence SET checks = (SELECT v.record FROM verifications v WHERE v.id = evidence.verification_id)"
        )
    )
    with op.batch_alter_table("evidence") as batch:
        batch.alter_column("checks", existing_type=sa.Text, nullable=False)
        batch.drop_constraint("fk_evidence_verification", type_="foreignkey")
        batch.drop_column("verification_id")
    op.drop_table("verifications")
