"""Load the shipped catalogue plus any overlays, validate it, and build the domain model.

Files are read in order: the package's `data/*.yaml`, then each overlay. Entries
are keyed (by `id`, or `number` for layers); an overlay entry with a known key
replaces the fields it names and keeps the rest, one with a new key adds an entry.
Every problem is reported with file, line, column and key; nothing half-loaded is
ever returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from certpath.catalogue import DATA_DIR
from certpath.catalogue.convert import build_catalogue
from certpath.catalogue.documents import KeyPath, YamlDocument, read_yaml
from certpath.catalogue.errors_text import describe_validation_error
from certpath.catalogue.model import Catalogue
from certpath.catalogue.schema import CatalogueFile
from certpath.catalogue.validation import check_catalogue
from certpath.catalogue.validation_base import Problem
from certpath.errors import CatalogueError, Issue, Location, closest_choice

#: The key that identifies an entry in each section; None means entries are only appended.
ENTRY_KEYS: dict[str, str | None] = {
    "layers": "number",
    "exchange_rates": "currency",
    "salaries": "role",
    "title_mappings": None,
    "layer_exams": "layer",
}
SECTIONS = tuple(name for name in CatalogueFile.model_fields if name != "as_of")


@dataclass(frozen=True)
class Origin:
    """Where an entry (or one of its fields) was written."""

    document: YamlDocument
    path: KeyPath

    def location(self, *rest: str | int) -> Location:
        return self.document.location((*self.path, *rest))


@dataclass
class RawEntry:
    """An entry as merged from one or more files, remembering where each field came from."""

    data: dict[str, Any]
    home: Origin
    origins: dict[str, Origin] = field(default_factory=dict)

    def locate(self, loc: Sequence[str | int]) -> Location:
        origin = self.origins.get(str(loc[0]), self.home) if loc else self.home
        return origin.location(*loc)


def load_catalogue(*, data_dir: Path | None = None, overlays: Iterable[Path] = ()) -> Catalogue:
    """Read, merge, validate and build the catalogue; raise CatalogueError listing every issue."""
    base_dir = data_dir or DATA_DIR
    base_files = sorted(base_dir.glob("*.yaml"))
    if not base_files:
        raise CatalogueError([Issue(Location(str(base_dir)), "no *.yaml files here")])
    merger = _Merger()
    for path in base_files:
        merger.add(read_yaml(path), overlay=False)
    for path in overlays:
        merger.add(read_yaml(Path(path)), overlay=True)
    return merger.build()


class _Merger:
    def __init__(self) -> None:
        self.sections: dict[str, dict[object, RawEntry]] = {name: {} for name in SECTIONS}
        self.appended: dict[str, list[RawEntry]] = {name: [] for name in SECTIONS}
        self.as_of: date | None = None
        self.as_of_origin: Origin | None = None
        self.issues: list[Issue] = []

    def add(self, document: YamlDocument, *, overlay: bool) -> None:
        data = document.data
        if data is None:
            return
        if not isinstance(data, dict):
            self._issue(Origin(document, ()), (), f"expected a mapping of sections, found {_kind(data)}")
            return
        for section, entries in data.items():
            self._add_section(document, str(section), entries, overlay=overlay)

    def _add_section(self, document: YamlDocument, section: str, entries: Any, *, overlay: bool) -> None:
        origin = Origin(document, ())
        if section == "as_of":
            # the catalogue's review date stays the base's: an overlay's date is its own facts'
            # (catalogue validate prints it beside), and an overlay reviews only what it lists
            if not overlay or self.as_of is None:
                self.as_of, self.as_of_origin = entries, Origin(document, ("as_of",))
            elif not isinstance(entries, date):
                self._issue(
                    Origin(document, ("as_of",)), (), f"found {entries!r}; expected a date YYYY-MM-DD"
                )
            return
        if section not in self.sections:
            hint = closest_choice(section, SECTIONS)
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            self._issue(
                origin,
                (section,),
                f"unknown section '{section}'{suggestion}; expected one of: as_of, {', '.join(SECTIONS)}",
            )
            return
        if not isinstance(entries, list):
            self._issue(origin, (section,), f"expected a list of entries, found {_kind(entries)}")
            return
        for index, entry in enumerate(entries):
            self._add_entry(Origin(document, (section, index)), section, entry, overlay=overlay)

    def _add_entry(self, origin: Origin, section: str, entry: Any, *, overlay: bool) -> None:
        if not isinstance(entry, dict):
            self._issue(origin, (), f"expected a mapping (key: value lines), found {_kind(entry)}")
            return
        key_field = ENTRY_KEYS.get(section, "id")
        fields = {str(k): Origin(origin.document, origin.path) for k in entry}
        if key_field is None:
            self.appended[section].append(RawEntry(dict(entry), origin, fields))
            return
        key = entry.get(key_field)
        if key is None:
            self._issue(origin, (), f"missing '{key_field}', which names this entry")
            return
        existing = self.sections[section].get(key)
        if existing is None:
            self.sections[section][key] = RawEntry(dict(entry), origin, fields)
        elif overlay and existing.home.document is not origin.document:
            existing.data.update(_merge_variants(existing.data, entry))
            existing.origins.update(fields)
        else:
            first = existing.home.location()
            self._issue(
                origin,
                (key_field,),
                f"duplicate {key_field} '{key}'; "
                f"it is already defined at {first.file}:{first.line}; give each entry its own {key_field}",
            )

    def _issue(self, origin: Origin, key_path: KeyPath, message: str) -> None:
        self.issues.append(Issue(origin.location(*key_path), message))

    def build(self) -> Catalogue:
        validated: dict[str, list[BaseModel]] = {}
        raw_by_section: dict[str, list[RawEntry]] = {}
        for section in SECTIONS:
            schema = CatalogueFile.model_fields[section].annotation
            entry_schema = _entry_schema(schema)
            raws = [*self.sections[section].values(), *self.appended[section]]
            raw_by_section[section] = raws
            validated[section] = [m for raw in raws if (m := self._validate(entry_schema, raw))]
        as_of = self._validate_as_of()
        if self.issues:
            raise CatalogueError(self.issues)
        catalogue = build_catalogue(validated, as_of=as_of)
        problems = check_catalogue(catalogue)
        if problems:
            raise CatalogueError(_locate(problems, raw_by_section))
        return catalogue

    def _validate(self, schema: type[BaseModel], raw: RawEntry) -> BaseModel | None:
        try:
            return schema.model_validate(raw.data)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                message = describe_validation_error(detail, schema)
                self.issues.append(Issue(raw.locate(detail["loc"]), message))
            return None

    def _validate_as_of(self) -> date:
        if isinstance(self.as_of, date):
            return self.as_of
        origin = self.as_of_origin or next(iter(self.sections["credentials"].values())).home
        found = "nothing" if self.as_of is None else repr(self.as_of)
        self._issue(
            origin,
            (),
            f"found {found}; expected a top-level 'as_of: YYYY-MM-DD' "
            "saying when the catalogue's facts were last reviewed",
        )
        return date.min


def _entry_schema(list_annotation: Any) -> type[BaseModel]:
    (schema,) = list_annotation.__args__
    return schema  # type: ignore[no-any-return]


def _locate(problems: list[Problem], raws: dict[str, list[RawEntry]]) -> list[Issue]:
    issues = []
    for problem in problems:
        key_field = ENTRY_KEYS.get(problem.section, "id") or ""
        raw = next((r for r in raws[problem.section] if r.data.get(key_field) == problem.key), None)
        if raw is None:
            location = Location(problem.section, key=str(problem.key))
        else:
            location = raw.locate(problem.field)
        issues.append(Issue(location, problem.message))
    return issues


def _merge_variants(base: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """An overlay's course `variants` add to the shipped ones; a variant with a known id replaces it."""
    ours, theirs = base.get("variants"), entry.get("variants")
    if not isinstance(ours, list) or not isinstance(theirs, list):
        return entry
    by_id = {v.get("id"): v for v in theirs if isinstance(v, dict)}
    kept = [v for v in ours if not (isinstance(v, dict) and v.get("id") in by_id)]
    return {**entry, "variants": [*theirs, *kept]}


def _kind(value: object) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)
