"""Compare two catalogues (or overlays) entry by entry, and spot an overlay that has gone stale.

Both sides are read as raw YAML, keyed the way the loader keys them, so a lone overlay
can be compared with a full catalogue. A change is reported field by field (`price.value`,
`variants[public-class].price.value`); lifecycle changes are named separately: an entry
is *retiring* when its retirement date lies after `today`, *retired* when it has passed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from certpath.catalogue.documents import read_yaml
from certpath.catalogue.loader import ENTRY_KEYS, SECTIONS
from certpath.errors import CatalogueError, Issue, Location

Entries = dict[str, dict[str, dict[str, Any]]]  # section -> key -> entry


@dataclass(frozen=True)
class Side:
    """One side of a diff: its entries by section and its top-level `as_of`."""

    label: str
    entries: Entries
    as_of: date | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EntryChange:
    """One entry that differs between OLD and NEW: how, and which fields."""

    section: str
    key: str
    change: str  # added | removed | changed | retiring | retired
    fields: tuple[FieldChange, ...] = ()
    retires_on: date | None = None
    successor: str | None = None


@dataclass(frozen=True)
class CatalogueDiff:
    old: Side
    new: Side
    today: date
    changes: tuple[EntryChange, ...] = field(default=())

    def count(self, change: str) -> int:
        """How many entries changed in this way."""
        return sum(1 for c in self.changes if c.change == change)


def read_side(path: Path) -> Side:
    """The entries of a catalogue folder (every *.yaml) or of one catalogue or overlay file."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise CatalogueError([Issue(Location(str(path)), "no *.yaml files in this folder")])
    entries: Entries = {}
    as_of: date | None = None
    issues: list[Issue] = []
    for file in files:
        document = read_yaml(file)
        data = document.data or {}
        if not isinstance(data, dict):
            issues.append(Issue(document.location(()), "expected a mapping of catalogue sections"))
            continue
        for section, items in data.items():
            if section == "as_of":
                as_of = items if isinstance(items, date) else as_of
            elif section not in SECTIONS or not isinstance(items, list):
                issues.append(Issue(document.location((section,)), _bad_section(str(section))))
            else:
                _add(entries.setdefault(section, {}), section, items)
    if issues:
        raise CatalogueError(issues)
    return Side(str(path), entries, as_of)


def diff_sides(old: Side, new: Side, *, today: date) -> CatalogueDiff:
    """Every added, removed, changed, retiring and retired entry from OLD to NEW."""
    changes: list[EntryChange] = []
    for section in SECTIONS:
        before, after = old.entries.get(section, {}), new.entries.get(section, {})
        for key in sorted(after.keys() | before.keys()):
            change = _entry_change(section, key, before.get(key), after.get(key), today)
            if change is not None:
                changes.append(change)
    return CatalogueDiff(old, new, today, tuple(changes))


def overlaid(base: Side, overlay: Side) -> Side:
    """`base` with `overlay` applied as the loader applies an overlay: an entry with a known key
    replaces the fields it names, a new key adds an entry, nothing is removed."""
    entries: Entries = {section: dict(items) for section, items in base.entries.items()}
    for section, items in overlay.entries.items():
        into = entries.setdefault(section, {})
        for key, entry in items.items():
            into[key] = {**into.get(key, {}), **entry}
    return Side(overlay.label, entries, overlay.as_of or base.as_of)


def _entry_change(
    section: str, key: str, old: dict[str, Any] | None, new: dict[str, Any] | None, today: date
) -> EntryChange | None:
    if new is None:
        return EntryChange(section, key, "removed")
    fields = tuple(_field_changes(old or {}, new)) if old is not None else ()
    retires, successor = _retirement(new)
    was = _retirement(old)[0] if old else None
    if retires is not None and retires != was:
        state = "retired" if retires <= today else "retiring"
        return EntryChange(section, key, state, fields, retires, successor)
    if old is None:
        return EntryChange(section, key, "added")
    return EntryChange(section, key, "changed", fields) if fields else None


def _field_changes(old: Any, new: Any, prefix: str = "") -> Iterator[FieldChange]:
    if isinstance(old, dict) and isinstance(new, dict):
        for name in sorted(old.keys() | new.keys(), key=str):
            yield from _field_changes(old.get(name), new.get(name), f"{prefix}{'.' if prefix else ''}{name}")
    elif _keyed_list(old) and _keyed_list(new):
        by_old, by_new = {i["id"]: i for i in old}, {i["id"]: i for i in new}
        for name in sorted(by_old.keys() | by_new.keys(), key=str):
            yield from _field_changes(by_old.get(name), by_new.get(name), f"{prefix}[{name}]")
    elif old != new:
        yield FieldChange(prefix, old, new)


def _keyed_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) and "id" in i for i in value)


def _retirement(entry: dict[str, Any] | None) -> tuple[date | None, str | None]:
    lifecycle = (entry or {}).get("lifecycle")
    if not isinstance(lifecycle, dict) or not isinstance(lifecycle.get("retires_on"), date):
        return None, None
    successor = lifecycle.get("successor")
    return lifecycle["retires_on"], str(successor) if successor else None


def _add(into: dict[str, dict[str, Any]], section: str, items: list[Any]) -> None:
    key_field = ENTRY_KEYS.get(section, "id")
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        key = str(item.get(key_field, n)) if key_field else str(len(into))
        into[key] = {**into.get(key, {}), **item}


def _bad_section(section: str) -> str:
    return f"'{section}' is not a catalogue section holding a list; expected one of: {', '.join(SECTIONS)}"
