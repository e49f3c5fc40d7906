"""STALE-CATALOGUE for overlays: what an organisation's overlay may be missing or overriding.

An overlay is written against the catalogue of its day. After an update it can hold
older facts than the shipped ones (a price as of March over the catalogue's November
price), point at credentials that have since retired, or predate entries it never saw.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from certpath.catalogue.diff import Side

RULE = "STALE-CATALOGUE"
_LISTED = 8  # entries named in a "may be missing" note before "and N more"


@dataclass(frozen=True, slots=True)
class StaleNote:
    """One STALE-CATALOGUE warning about an overlay."""

    overlay: str
    subject: str
    message: str
    fix: str
    rule: str = RULE


def stale_overlay(shipped: Side, overlay: Side, *, today: date) -> list[StaleNote]:
    """Older overrides, references to retired credentials, and entries the overlay predates."""
    return [
        *_older_overrides(shipped, overlay),
        *_retired_references(shipped, overlay, today),
        *_predates(shipped, overlay),
    ]


def _older_overrides(shipped: Side, overlay: Side) -> Iterator[StaleNote]:
    for section, entries in overlay.entries.items():
        for key, mine in entries.items():
            theirs = shipped.entries.get(section, {}).get(key)
            if theirs is None:
                continue
            yield from _older_variants(overlay.label, key, mine.get("variants"), theirs.get("variants"))
            mine_date = _date(mine.get("as_of")) or overlay.as_of
            theirs_date = _date(theirs.get("as_of")) or shipped.as_of
            for name, value in mine.items():
                if name in ("id", "as_of", "source", "variants") or value == theirs.get(name):
                    continue
                ours = _date(value.get("as_of")) if isinstance(value, dict) else None
                base = theirs.get(name)
                newer = _date(base.get("as_of")) if isinstance(base, dict) else None
                old, new = ours or mine_date, newer or theirs_date
                if old and new and old < new:
                    yield StaleNote(
                        overlay.label,
                        f"{key}.{name}",
                        f"your overlay sets {key} {name} from facts as of {old}; the shipped catalogue "
                        f"reviewed it on {new} ({_short(base)} there, {_short(value)} in your overlay).",
                        f"Check {key} {name} against its source and update the overlay's value and as_of, "
                        "or remove the override to use the shipped fact.",
                    )


def _older_variants(label: str, course: str, mine: Any, theirs: Any) -> Iterator[StaleNote]:
    """A course variant the overlay replaces (same id) with a price older than the shipped one."""
    if not isinstance(mine, list) or not isinstance(theirs, list):
        return
    shipped = {v.get("id"): v for v in theirs if isinstance(v, dict)}
    for variant in (v for v in mine if isinstance(v, dict) and v.get("id") in shipped):
        base = shipped[variant["id"]]
        old, new = _price_date(variant), _price_date(base)
        if old and new and old < new:
            yield StaleNote(
                label,
                f"{course}.variants[{variant['id']}]",
                f"your overlay replaces {course}'s {variant['id']} offering with a price as of {old}; the shipped "
                f"catalogue has one as of {new} ({_short(base.get('price'))} there, {_short(variant.get('price'))} "
                "in your overlay).",
                f"Check the {variant['id']} price with its provider and update the overlay, or give your own "
                "offering a new variant id.",
            )


def _price_date(variant: dict[str, Any]) -> date | None:
    price = variant.get("price")
    return (_date(price.get("as_of")) if isinstance(price, dict) else None) or _date(variant.get("as_of"))


def _retired_references(shipped: Side, overlay: Side, today: date) -> Iterator[StaleNote]:
    retired = {}
    for key, entry in shipped.entries.get("credentials", {}).items():
        lifecycle = entry.get("lifecycle") or {}
        day = _date(lifecycle.get("retires_on")) if isinstance(lifecycle, dict) else None
        if day is not None and day <= today:
            retired[key] = (day, lifecycle.get("successor"))
    for section, entries in overlay.entries.items():
        for key, entry in entries.items():
            for ref in sorted(set(_strings(entry)) & retired.keys() - {key}):
                day, successor = retired[ref]
                instead = f"; use its successor {successor}" if successor else ""
                yield StaleNote(
                    overlay.label,
                    f"{section}.{key}",
                    f"your overlay's {key} refers to {ref}, which retired on {day}{instead}.",
                    f"Replace {ref} in {key}" + (f" with {successor}." if successor else "."),
                )


def _predates(shipped: Side, overlay: Side) -> Iterator[StaleNote]:
    if overlay.as_of is None:
        return
    mentioned = {k for entries in overlay.entries.values() for k in entries}
    newer = [
        key
        for section in ("credentials", "courses")
        for key, entry in shipped.entries.get(section, {}).items()
        if (_date(entry.get("as_of")) or date.min) > overlay.as_of and key not in mentioned
    ]
    if not newer:
        return
    named = ", ".join(newer[:_LISTED]) + (f" and {len(newer) - _LISTED} more" if len(newer) > _LISTED else "")
    yield StaleNote(
        overlay.label,
        "as_of",
        f"your overlay is dated {overlay.as_of}; {len(newer)} credentials and courses were added or reviewed "
        f"after it ({named}), so it may be missing them.",
        "Run `certpath catalogue diff` between the catalogue your overlay was written for and this one, "
        "then update the overlay and its as_of.",
    )


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _short(value: Any) -> str:
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
