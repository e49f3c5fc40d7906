"""Tracking: who completed what, proven how, valid until when, and what each team is missing.

The domain modules here (model, expiry, status, evidence/) import no SQLAlchemy; the store
adapters (tables, database, unit_of_work, queries, backup) are the only ones that do.
"""
