"""Which catalogue item a badge, Credly record or xAPI activity is evidence of, and whose keys to trust.

The shipped map names nothing by default; the catalogue's own credential and course names
and ids are matched first. A user's map file (`--map` or CERTPATH_BADGE_MAP) adds issuers
with pinned keys, achievement and activity mappings, and overrides the name matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from certpath.catalogue.documents import read_yaml
from certpath.catalogue.model import Catalogue
from certpath.errors import CatalogueError, EvidenceError, Issue, Location
from certpath.tracking.evidence.keys import PinnedKey, read_trust_file


class _IssuerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str = ""
    keys: list[str | dict[str, Any]] = Field(default_factory=list)


class _AchievementFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item: str
    issuer: str | None = None  # issuer id or name; None matches any issuer
    achievement: str | None = None  # exact achievement or badge-template id
    name: str | None = None  # regular expression over the achievement name


class _ActivityFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    activity: str
    item: str


class _TrustFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str  # a DID document, JWKS or CryptographicKey, relative to the map file
    issuer: str | None = None  # whose keys a JWKS holds (a DID document names itself)


class _MapFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    issuers: list[_IssuerFile] = Field(default_factory=list)
    trust: list[_TrustFile] = Field(default_factory=list)
    achievements: list[_AchievementFile] = Field(default_factory=list)
    xapi_activities: list[_ActivityFile] = Field(default_factory=list)


@dataclass(frozen=True)
class TrustedIssuer:
    id: str
    name: str
    keys: tuple[str | dict[str, Any], ...]


@dataclass(frozen=True)
class _AchievementRule:
    item: str
    issuer: str | None
    achievement: str | None
    name: re.Pattern[str] | None

    def matches(self, issuer: tuple[str, str], achievement_id: str, name: str) -> bool:
        if self.issuer is not None and self.issuer.lower() not in (issuer[0].lower(), issuer[1].lower()):
            return False
        if self.achievement is not None and self.achievement != achievement_id:
            return False
        return self.name is None or bool(self.name.search(name))


@dataclass(frozen=True)
class BadgeMap:
    """Trusted issuer keys plus the rules that turn an achievement into a catalogue item."""

    catalogue_names: dict[str, str]
    issuers: dict[str, TrustedIssuer] = field(default_factory=dict)
    rules: tuple[_AchievementRule, ...] = ()
    activities: dict[str, str] = field(default_factory=dict)
    pinned: tuple[PinnedKey, ...] = ()  # from trust files and the store, by verification method

    def item_for(self, *, issuer_id: str, issuer_name: str, achievement_id: str, name: str) -> str | None:
        """The catalogue item an achievement stands for, or None when nothing matches."""
        for rule in self.rules:
            if rule.matches((issuer_id, issuer_name), achievement_id, name):
                return rule.item
        for candidate in (achievement_id, name):
            if (item := self.catalogue_names.get(_normal(candidate))) is not None:
                return item
        return None

    def item_for_activity(self, activity_id: str, name: str) -> str | None:
        return self.activities.get(activity_id) or self.catalogue_names.get(_normal(name))

    def trusted_keys(self, issuer_id: str) -> tuple[str | dict[str, Any], ...]:
        """Every key pinned for the issuer: in the map's issuers, its trust files and the store."""
        issuer = self.issuers.get(issuer_id)
        return (*(issuer.keys if issuer else ()), *(p.key for p in self.pinned if p.issuer == issuer_id))

    def pinned_key(self, method: str) -> PinnedKey | None:
        """The pinned key a verification method (or JWS `kid`, OB 2.0 `creator`) names, if any."""
        return next((p for p in self.pinned if p.key_id and p.key_id == method), None)

    def with_pinned(self, keys: list[PinnedKey]) -> BadgeMap:
        """This map trusting `keys` too."""
        return replace(self, pinned=(*self.pinned, *keys))


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def load_badge_map(catalogue: Catalogue, paths: list[Path]) -> BadgeMap:
    """The catalogue's names plus every map file in `paths`; a bad file raises EvidenceError."""
    names: dict[str, str] = {}
    for item_id, name in [
        *((c.id, c.name) for c in catalogue.courses.values()),
        *((c.id, c.name) for c in catalogue.credentials.values()),
    ]:
        names[_normal(name)] = item_id
        names[_normal(item_id)] = item_id
    awarded: dict[str, list[str]] = {}
    for credential in catalogue.credentials.values():
        if credential.awards:
            awarded.setdefault(_normal(credential.awards), []).append(credential.id)
    # The title a vendor prints on the badge, where only one exam awards it.
    names.update({title: ids[0] for title, ids in awarded.items() if len(ids) == 1 and title not in names})
    badge_map = BadgeMap(names)
    for path in paths:
        badge_map = _overlay(badge_map, path, catalogue)
    return badge_map


def _overlay(base: BadgeMap, path: Path, catalogue: Catalogue) -> BadgeMap:
    try:
        document = read_yaml(path)  # the project's one YAML reader: safe, alias expansion capped
    except CatalogueError as error:
        raise EvidenceError(str(path), error.issues) from None
    try:
        parsed = _MapFile.model_validate(document.data or {})
    except ValidationError as error:
        issues = [Issue(document.location(tuple(e["loc"])), e["msg"]) for e in error.errors()]
        raise EvidenceError(str(path), issues) from None
    known = {*catalogue.courses, *catalogue.credentials}
    named = [("achievements", i, a.item) for i, a in enumerate(parsed.achievements)]
    named += [("xapi_activities", i, a.item) for i, a in enumerate(parsed.xapi_activities)]
    issues = [
        Issue(
            Location(str(path), key=f"{kind}[{i}].item"), f"'{item}' is not a catalogue credential or course"
        )
        for kind, i, item in named
        if item not in known
    ]
    issues += _bad_patterns(path, parsed)
    if issues:
        raise EvidenceError(str(path), issues)
    issuers = dict(base.issuers)
    for issuer in parsed.issuers:
        issuers[issuer.id] = TrustedIssuer(issuer.id, issuer.name, tuple(issuer.keys))
    rules = tuple(
        _AchievementRule(a.item, a.issuer, a.achievement, re.compile(a.name, re.I) if a.name else None)
        for a in parsed.achievements
    )
    activities = {**base.activities, **{a.activity: a.item for a in parsed.xapi_activities}}
    pinned = (*base.pinned, *(k for t in parsed.trust for k in _trust_keys(path, t)))
    return BadgeMap(base.catalogue_names, issuers, rules + base.rules, activities, pinned)


def _trust_keys(path: Path, entry: _TrustFile) -> list[PinnedKey]:
    """The keys of one `trust:` file, read relative to the map that names it."""
    where = path.parent / entry.file
    try:
        data = where.read_bytes()
    except OSError as error:
        issue = Issue(Location(str(path), key="trust"), f"{entry.file} cannot be read: {error.strerror}")
        raise EvidenceError(str(path), [issue]) from None
    return read_trust_file(data, source=str(where), issuer=entry.issuer)


def _bad_patterns(path: Path, parsed: _MapFile) -> list[Issue]:
    issues = []
    for i, entry in enumerate(parsed.achievements):
        if entry.name is None:
            continue
        try:
            re.compile(entry.name)
        except re.error as error:
            issues.append(Issue(Location(str(path), key=f"achievements[{i}].name"), f"bad pattern: {error}"))
    return issues
