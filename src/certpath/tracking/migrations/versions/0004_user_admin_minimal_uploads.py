"""User administration and minimal roster uploads.

`users.must_change_password` marks a temporary password set by an admin: its owner must pick a
new one at the next sign-in. `api_tokens.revoked_at` records when a token was revoked (the
`revoked` flag stays the check). `roster_uploads` no longer keeps the uploaded file: `data` now
holds only the columns certpath reads (and is emptied at commit or after a day), and `preview`
keeps the parsed preview so it is not parsed again on every view.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(
            sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("api_tokens") as tokens:
        tokens.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True)))
    with op.batch_alter_table("roster_uploads") as uploads:
        uploads.alter_column("data", existing_type=sa.LargeBinary, nullable=True)
        uploads.add_column(sa.Column("preview", sa.Text))
    # Uploaded files kept before this revision may hold every column of an HR export: drop them.
    op.execute("DELETE FROM roster_uploads")


def downgrade() -> None:
    op.execute("DELETE FROM roster_uploads")
    with op.batch_alter_table("roster_uploads") as uploads:
        uploads.drop_column("preview")
        uploads.alter_column("data", existing_type=sa.LargeBinary, nullable=False)
    with op.batch_alter_table("api_tokens") as tokens:
        tokens.drop_column("revoked_at")
    with op.batch_alter_table("users") as users:
        users.drop_column("must_change_password")
