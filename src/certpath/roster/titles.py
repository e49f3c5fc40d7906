"""Job title -> role: a user's mapping file, then the catalogue's patterns, then fuzzy matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from certpath.catalogue.model import Catalogue
from certpath.errors import Issue, Location, RosterError
from certpath.roster.model import RoleSource

#: A fuzzy match must score at least this (0-100) and beat the next role by MARGIN.
FUZZY_CUTOFF = 86
MARGIN = 4


@dataclass(frozen=True)
class Resolution:
    """The role for a title, how it was found and how sure certpath is (0-1)."""

    role: str | None
    source: RoleSource | None
    confidence: float
    suggestions: tuple[str, ...] = ()


class TitleResolver:
    """Resolves job titles against one catalogue and an optional title -> role mapping."""

    def __init__(self, catalogue: Catalogue, mapping: dict[str, str] | None = None) -> None:
        self.catalogue = catalogue
        self.mapping = {_norm(title): role for title, role in (mapping or {}).items()}
        self._cache: dict[str, Resolution] = {}

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        found = [
            (re.compile(p, re.IGNORECASE), r.id)
            for r in self.catalogue.roles.values()
            for p in r.title_patterns
        ]
        found += [(re.compile(m.pattern, re.IGNORECASE), m.role) for m in self.catalogue.title_mappings]
        return found

    @cached_property
    def _phrases(self) -> dict[str, str]:
        """Plain phrases per role for fuzzy matching: the role's name and id."""
        phrases = {}
        for role in self.catalogue.roles.values():
            phrases[_norm(role.name)] = role.id
            phrases[_norm(role.id.replace("-", " "))] = role.id
        return phrases

    def resolve(self, title: str) -> Resolution:
        """The role for one job title (cached: rosters repeat titles)."""
        key = _norm(title)
        if key not in self._cache:
            self._cache[key] = self._resolve(key)
        return self._cache[key]

    def _resolve(self, key: str) -> Resolution:
        if key in self.mapping:
            return Resolution(self.mapping[key], "mapping", 1.0)
        matches: dict[str, int] = {}
        for pattern, role in self._patterns:
            found = pattern.search(key)
            if found:
                matches[role] = max(matches.get(role, 0), found.end() - found.start())
        if matches:
            best = max(matches.values())
            roles = sorted(r for r, length in matches.items() if length == best)
            if len(roles) == 1:
                return Resolution(roles[0], "title", 0.95 if len(matches) == 1 else 0.85)
            return Resolution(None, None, 0.0, tuple(roles))
        return self._fuzzy(key)

    def _fuzzy(self, key: str) -> Resolution:
        from rapidfuzz import fuzz, process

        scored: dict[str, float] = {}
        for phrase, score, _ in process.extract(key, list(self._phrases), scorer=fuzz.WRatio, limit=12):
            role = self._phrases[phrase]
            scored[role] = max(scored.get(role, 0.0), score)
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        if not ranked:
            return Resolution(None, None, 0.0)
        (role, score), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
        if score >= FUZZY_CUTOFF and score - runner_up >= MARGIN:
            return Resolution(role, "fuzzy", round(score / 100, 2))
        return Resolution(None, None, 0.0, tuple(r for r, _ in ranked[:3]))


def _norm(title: str) -> str:
    return " ".join(title.lower().split())


def read_title_map(path: Path, catalogue: Catalogue) -> dict[str, str]:
    """A `--titles` YAML file ('Job title': role-id), with every role checked."""
    from certpath.catalogue.documents import read_yaml
    from certpath.errors import CatalogueError, closest_choice

    try:
        document = read_yaml(path)
    except CatalogueError as error:
        raise RosterError(str(path), error.issues) from None
    if not isinstance(document.data, dict):
        raise RosterError(str(path), [Issue(Location(str(path)), "expected 'Job title: role-id' lines")])
    issues, mapping = [], {}
    for title, role in document.data.items():
        if str(role) not in catalogue.roles:
            hint = closest_choice(str(role), sorted(catalogue.roles))
            did = f" (did you mean '{hint}'?)" if hint else ""
            issues.append(Issue(document.location((title,)), f"unknown role '{role}'{did}"))
        else:
            mapping[str(title)] = str(role)
    if issues:
        raise RosterError(str(path), issues)
    return mapping
