"""The tracking store's tables (SQLAlchemy Core). Alembic migrations create them; this is the map."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

people = Table(
    "people",
    metadata,
    Column("id", String(64), primary_key=True),  # the HR employee id
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False, default=""),
    Column("role", String(64), nullable=False),
    Column("team", String(200), nullable=False),
    Column("title", String(200), nullable=False, default=""),
    Column("manager_id", String(64)),
    Column("cloud", String(32), nullable=False, default="none"),
    Column("hours_per_week", Float, nullable=False, default=5.0),
    Column("deploys_to_production", Boolean, nullable=False, default=False),
    Column("leads_externally", Boolean, nullable=False, default=False),
    Column("background", String(64)),
    Column("active", Boolean, nullable=False, default=True),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_people_team", "team"),
    Index("ix_people_manager", "manager_id"),
)

person_versions = Table(
    "person_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String(64), ForeignKey("people.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("data", Text, nullable=False),  # JSON of the person as it was from this version on
    UniqueConstraint("person_id", "version", name="uq_person_versions"),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("filename", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

verifications = Table(
    "verifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False),  # of `record`: each distinct record is stored once
    Column("record", Text, nullable=False),  # JSON {format, checks: [{check, outcome, detail}]}
    UniqueConstraint("sha256", name="uq_verifications_sha256"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String(64), ForeignKey("people.id"), nullable=False),
    Column("item_id", String(64)),  # catalogue credential or course; NULL while unmatched
    Column("source", String(16), nullable=False),  # record | ob2 | ob3 | credly | xapi | csv
    Column("external_id", String(500)),  # statement id, assertion id, badge id: idempotency key
    Column("status", String(16), nullable=False),  # completed | in-progress | failed | voided
    Column("completed_on", Date, nullable=False),
    Column("expires_on", Date),
    Column("window_opens", Date),
    Column("assurance", String(16), nullable=False),  # verified | recorded | claimed
    Column("credential_id", String(200)),
    Column("url", String(1000)),
    Column("note", Text),
    Column("issuer", String(500)),
    Column("achievement", String(500)),
    Column("verification_id", Integer, ForeignKey("verifications.id"), nullable=False),
    Column("artifact_sha256", String(64)),
    Column("artifact", Text),
    Column("import_id", Integer, ForeignKey("imports.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", "external_id", name="uq_evidence_source_external"),
    Index("ix_evidence_person_item", "person_id", "item_id", "completed_on"),
    Index("ix_evidence_expires", "expires_on"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject_type", String(32), nullable=False),
    Column("subject_id", String(200), nullable=False),
    Column("before", Text),
    Column("after", Text),
    Index("ix_audit_log_subject", "subject_type", "subject_id"),
)

# Derived tables (tracking/summary.py): the catalogue's maps as the store last saw them, and
# the per-person layer summary rebuilt from evidence when the item -> layer map changes.
# They are neither backed up nor restored.

layer_map = Table(
    "layer_map",
    metadata,
    Column("item_id", String(64), primary_key=True),
    Column("layer", Integer, primary_key=True),
    Column("depth", String(16), primary_key=True),  # a need this item's evidence satisfies (schema 0005)
)

need_map = Table(
    "need_map",
    metadata,
    Column("policy", String(64), primary_key=True),
    Column("role", String(64), primary_key=True),
    Column("deploys", Boolean, primary_key=True),
    Column("leads", Boolean, primary_key=True),
    Column("layer", Integer, primary_key=True),
    Column("depth", String(16), nullable=False),
)

person_layers = Table(
    "person_layers",
    metadata,
    Column("person_id", String(64), ForeignKey("people.id"), primary_key=True),
    Column("layer", Integer, primary_key=True),
    Column("depth", String(16), primary_key=True),  # evidence proving the layer at this depth (0005)
    Column("last_done", Date),  # latest completion
    Column("valid_until", Date),  # latest expiry of a completion
    Column("open_ended", Integer, nullable=False),  # 1 when a completion never expires
    Column("window_opens", Date),  # latest renewal-window opening
    Column("last_attempt", Date),  # latest in-progress or failed attempt
    Column("verified_done", Date),  # the same three for verified evidence only
    Column("verified_until", Date),
    Column("verified_open_ended", Integer, nullable=False),
)

# Accounts and the web's state (schema 0003): users, their sign-in sessions and API tokens,
# failed sign-ins (the rate limit), stored plans, and uploaded rosters awaiting commit.

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),  # argon2id
    Column("role", String(16), nullable=False),  # admin | ld-admin | manager | member | auditor
    Column("person_id", String(64)),  # the roster employee id: a manager's chain, a member's self
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("must_change_password", Boolean, nullable=False, default=False),  # set by an admin's reset
    UniqueConstraint("username", name="uq_users_username"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the cookie value, never the value
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_sessions_user", "user_id"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),  # of the token; the token itself is shown once
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("revoked_at", DateTime(timezone=True)),
    UniqueConstraint("sha256", name="uq_api_tokens_sha256"),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_sign_in_failures_username", "username", "at"),
    Index("ix_sign_in_failures_address", "address", "at"),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(200), nullable=False),
    Column("team", String(200)),  # the team planned, when one team was
    Column("status", String(16), nullable=False),  # draft | accepted
    Column("request", Text, nullable=False),  # JSON of what was asked
    Column("report", Text, nullable=False),  # the plan JSON contract (reports/plan.py)
    Column("total_cost_usd", Float, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("accepted_by", String(200)),
    Column("accepted_at", DateTime(timezone=True)),
)

plan_members = Table(
    "plan_members",
    metadata,
    Column("plan_id", Integer, ForeignKey("plans.id"), primary_key=True),
    Column("person_id", String(64), primary_key=True),
    Index("ix_plan_members_person", "person_id"),
)

roster_uploads = Table(
    "roster_uploads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("filename", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", LargeBinary),  # only the columns certpath reads; emptied at commit or after a day
    Column("preview", Text),  # JSON of the parsed preview, so a view does not parse again
    Column("uploaded_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("committed_at", DateTime(timezone=True)),
)

store_state = Table(
    "store_state",
    metadata,
    Column("name", String(32), primary_key=True),  # "maps": digest of layer_map and need_map;
    Column("value", String(64), nullable=False),  # "version": a random token every write renews
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("key", String(64), primary_key=True),  # SHA-256 of what the view depends on, bar the data
    Column("version", String(64), nullable=False),  # store_state's version it was built at
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Issuer keys an admin pinned (schema 0006): the key-trusted check passes only for these.
trusted_keys = Table(
    "trusted_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("issuer", String(500), nullable=False),  # the DID or URL the key speaks for
    Column("key_id", String(1000), nullable=False),  # verification method id or JWK kid ('' when none)
    Column("key", Text, nullable=False),  # an Ed25519 Multikey, or a public JWK as JSON
    Column("source", String(500), nullable=False),  # the file it was pinned from
    Column("pinned_by", String(200), nullable=False),
    Column("pinned_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("issuer", "key_id", "key", name="uq_trusted_keys"),
)

#: Tables in the order a backup writes and a restore reads them (parents first).
#: Sessions, failed sign-ins and uploads awaiting commit are short-lived and left out.
BACKUP_ORDER = (
    people,
    person_versions,
    imports,
    verifications,
    evidence,
    audit_log,
    users,
    api_tokens,
    plans,
    plan_members,
    trusted_keys,
)
DERIVED = (person_layers, layer_map, need_map, store_state, snapshots)
