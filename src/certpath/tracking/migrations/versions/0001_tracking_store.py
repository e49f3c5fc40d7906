"""Create the tracking store: people and their history, imports, evidence, the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(64), nullable=False),
        sa.Column("team", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("manager_id", sa.String(64)),
        sa.Column("cloud", sa.String(32), nullable=False),
        sa.Column("hours_per_week", sa.Float, nullable=False),
        sa.Column("deploys_to_production", sa.Boolean, nullable=False),
        sa.Column("leads_externally", sa.Boolean, nullable=False),
        sa.Column("background", sa.String(64)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
    )
    op.create_index("ix_people_team", "people", ["team"])
    op.create_index("ix_people_manager", "people", ["manager_id"])
    op.create_table(
        "person_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_id", sa.String(64), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("recorded_at", _TZ, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("person_id", "version", name="uq_person_versions"),
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("filename", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_id", sa.String(64), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("item_id", sa.String(64)),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(500)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("completed_on", sa.Date, nullable=False),
        sa.Column("expires_on", sa.Date),
        sa.Column("window_opens", sa.Date),
        sa.Column("assurance", sa.String(16), nullable=False),
        sa.Column("credential_id", sa.String(200)),
        sa.Column("url", sa.String(1000)),
        sa.Column("note", sa.Text),
        sa.Column("issuer", sa.String(500)),
        sa.Column("achievement", sa.String(500)),
        sa.Column("checks", sa.Text, nullable=False),
        sa.Column("artifact_sha256", sa.String(64)),
        sa.Column("artifact", sa.Text),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),
        sa.Column("created_at", _TZ, nullable=False),
        sa.UniqueConstraint("source", "external_id", name="uq_evidence_source_external"),
    )
    op.create_index("ix_evidence_person_item", "evidence", ["person_id", "item_id", "completed_on"])
    op.create_index("ix_evidence_expires", "evidence", ["expires_on"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _TZ, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject_type", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
    )
    op.create_index("ix_audit_log_subject", "audit_log", ["subject_type", "subject_id"])
    _make_audit_log_append_only()


def _make_audit_log_append_only() -> None:
    """The database itself refuses to change or remove an audit entry, whatever the client."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION certpath_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION certpath_audit_log_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION certpath_audit_log_append_only()")
    for table in ("audit_log", "evidence", "imports", "person_versions", "people"):
        op.drop_table(table)
