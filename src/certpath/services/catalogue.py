"""Use cases for browsing the catalogue: rows to list, one entry to show, counts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from certpath.catalogue import DATA_DIR
from certpath.catalogue.diff import CatalogueDiff, diff_sides, overlaid, read_side
from certpath.catalogue.model import Catalogue, CourseVariant, Credential, Fact
from certpath.catalogue.staleness import StaleNote, stale_overlay
from certpath.errors import UnknownChoiceError
from certpath.reports.jsonable import to_jsonable


def catalogue_counts(catalogue: Catalogue) -> dict[str, int]:
    """How many entries of each kind the catalogue holds."""
    return {
        "layers": len(catalogue.layers),
        "roles": len(catalogue.roles),
        "credentials": len(catalogue.credentials),
        "courses": len(catalogue.courses),
        "projects": len(catalogue.projects),
        "pathways": len(catalogue.pathways),
        "rules": len(catalogue.rules),
        "renewal policies": len(catalogue.renewal_policies),
    }


def fact_text(fact: Fact) -> str:
    """A fact as a short string: value, range and unit-free, e.g. '135 (125-135)'."""
    if fact.value is None:
        return "unknown"
    text = f"{fact.value:g}"
    if fact.is_range:
        text += f" ({fact.low if fact.low is not None else fact.value:g}-{fact.high if fact.high is not None else fact.value:g})"
    return text + (f" {fact.currency}" if fact.currency != "USD" else "")


def variant_text(catalogue: Catalogue, variant: CourseVariant) -> str:
    """One line per course variant: delivery, provider, price (per seat or per cohort of N)."""
    usd = catalogue.to_usd(variant.price)
    price = "price unknown" if usd is None else "free" if usd == 0 else f"USD {usd:,.0f}"
    if variant.per_cohort:
        price += f" per cohort of {variant.seat_limit}"
    elif usd:
        price += " a seat"
    estimate = " (estimate)" if variant.price.estimate else ""
    return f"{variant.delivery}: {variant.provider}, {price}{estimate}"


def credential_row(catalogue: Catalogue, cred: Credential, today: date) -> dict[str, Any]:
    """The summary of a credential as listed: price, exam, validity and status on `today`."""
    policy = catalogue.renewal_policies[cred.renewal_policy]
    status = cred.lifecycle.status_on(today)
    return {
        "id": cred.id,
        "name": cred.name,
        "vendor": cred.vendor,
        "tier": cred.tier,
        "layers": list(cred.layers),
        "price_usd": fact_text(cred.price),
        "exam_minutes": fact_text(cred.exam_minutes),
        "validity_months": policy.validity_months,
        "status": status.text,
        "successor": cred.lifecycle.successor,
    }


_ROWS: dict[str, Callable[[Catalogue, date], list[dict[str, Any]]]] = {
    "credentials": lambda c, d: [credential_row(c, x, d) for x in c.credentials.values()],
    "courses": lambda c, d: [
        {
            "id": x.id,
            "name": x.name,
            "layer": x.layer,
            "depth": x.depth,
            "hours": fact_text(x.hours),
            "delivery": x.delivery,
            "variants": [variant_text(c, v) for v in x.variants],
        }
        for x in c.courses.values()
    ],
    "projects": lambda c, d: [
        {"id": x.id, "name": x.name, "pairs_with": list(x.pairs_with), "hours": fact_text(x.hours)}
        for x in c.projects.values()
    ],
    "roles": lambda c, d: [
        {"id": x.id, "name": x.name, "layers": [f"L{r.layer} {r.depth}" for r in x.layers]}
        for x in c.roles.values()
    ],
    "layers": lambda c, d: [
        {"number": x.number, "name": x.name, "audience": ", ".join(x.audience)} for x in c.layers.values()
    ],
    "pathways": lambda c, d: [
        {"id": x.id, "title": x.title, "kind": x.kind, "steps": len(x.steps)} for x in c.pathways.values()
    ],
    "backgrounds": lambda c, d: [
        {"id": x.id, "name": x.name, "pathway": x.pathway} for x in c.backgrounds.values()
    ],
    "goals": lambda c, d: [{"id": x.id, "name": x.name, "pathway": x.pathway} for x in c.goals.values()],
    "rules": lambda c, d: [{"id": x.id, "title": x.title, "scope": x.scope} for x in c.rules.values()],
    "policies": lambda c, d: [
        {
            "id": x.id,
            "vendor": x.vendor,
            "validity_months": x.validity_months,
            "method": x.method,
            "window_days": x.window_days,
        }
        for x in c.renewal_policies.values()
    ],
    "salaries": lambda c, d: [
        {
            "role": x.role,
            "median_usd": fact_text(x.median_usd),
            "typical_credentials": list(x.typical_credentials),
        }
        for x in c.salaries
    ],
    "avoid": lambda c, d: [{"id": x.id, "title": x.title, "rule": x.rule} for x in c.avoid.values()],
}


def list_rows(catalogue: Catalogue, kind: str, *, today: date) -> list[dict[str, Any]]:
    """Rows for one kind of entry, ready for a table or JSON."""
    return _ROWS[kind](catalogue, today)


def describe_entry(catalogue: Catalogue, entry_id: str, *, today: date) -> tuple[str, dict[str, Any]]:
    """(kind, every field) of the entry with this id, searching every kind of entry."""
    key = entry_id.strip()
    sections: list[tuple[str, Mapping[Any, Any]]] = [
        ("credential", catalogue.credentials),
        ("course", catalogue.courses),
        ("project", catalogue.projects),
        ("role", catalogue.roles),
        ("pathway", catalogue.pathways),
        ("background", catalogue.backgrounds),
        ("goal", catalogue.goals),
        ("rule", catalogue.rules),
        ("policy", catalogue.renewal_policies),
        ("avoid", catalogue.avoid),
    ]
    layer_key = key.upper().removeprefix("L")
    if layer_key.isdigit() and int(layer_key) in catalogue.layers:
        return "layer", to_jsonable(catalogue.layers[int(layer_key)])
    for kind, entries in sections:
        for entry_key, entry in entries.items():
            if str(entry_key).upper() == key.upper():
                data = to_jsonable(entry)
                if isinstance(entry, Credential):
                    status = entry.lifecycle.status_on(today)
                    data["status_on"] = {
                        "date": today.isoformat(),
                        "state": status.state,
                        "date_of_change": to_jsonable(status.on),
                    }
                return kind, data
    choices = sorted({str(k) for _, entries in sections for k in entries})
    raise UnknownChoiceError("catalogue entry", entry_id, choices=choices)


def diff_catalogues(old: Path, new: Path, *, today: date) -> CatalogueDiff:
    """What changed from the catalogue or overlay at `old` to the one at `new`.

    A single file compared with a catalogue folder is an overlay on it (as `--overlay` reads it):
    the diff shows what the overlay changes, not everything it does not repeat.
    """
    before = read_side(old)
    after = read_side(new)
    if old.is_dir() and not new.is_dir():
        after = overlaid(before, after)
    return diff_sides(before, after, today=today)


def diff_report(diff: CatalogueDiff) -> dict[str, Any]:
    """The JSON of `certpath catalogue diff` (field names documented in the README)."""
    kinds = ("added", "changed", "retiring", "retired", "removed")
    return {
        "old": {"path": diff.old.label, "as_of": to_jsonable(diff.old.as_of)},
        "new": {"path": diff.new.label, "as_of": to_jsonable(diff.new.as_of)},
        "today": diff.today.isoformat(),
        "counts": {kind: diff.count(kind) for kind in kinds},
        "changes": [
            {
                "change": c.change,
                "section": c.section,
                "key": c.key,
                "retires_on": to_jsonable(c.retires_on),
                "successor": c.successor,
                "fields": [
                    {"field": f.field, "old": to_jsonable(f.old), "new": to_jsonable(f.new)} for f in c.fields
                ],
            }
            for c in diff.changes
        ],
    }


def overlay_dates(overlays: list[Path]) -> list[tuple[str, date | None]]:
    """Each overlay's own `as_of` (None when it gives none): the catalogue keeps the shipped date."""
    return [(str(path), read_side(path).as_of) for path in overlays]


def overlay_warnings(overlays: list[Path], *, catalogue_dir: Path | None, today: date) -> list[StaleNote]:
    """STALE-CATALOGUE notes for each overlay against the catalogue it is laid over."""
    shipped = read_side(catalogue_dir or DATA_DIR)
    return [note for path in overlays for note in stale_overlay(shipped, read_side(path), today=today)]
