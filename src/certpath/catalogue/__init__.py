"""The catalogue: layers, roles, credentials, courses and pathways as validated data."""

from pathlib import Path

#: The shipped catalogue files (kept here so callers need not import the heavy loader).
DATA_DIR = Path(__file__).parent / "data"
