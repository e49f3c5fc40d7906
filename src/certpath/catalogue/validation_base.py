"""The shape of a cross-entry problem, shared by the catalogue's checks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A cross-entry problem, pointing at an entry (section + key) and one of its fields."""

    section: str
    key: object
    field: tuple[str | int, ...]
    message: str


def missing(
    section: str,
    key: object,
    field: tuple[str | int, ...],
    ref: str,
    known: Mapping[str, object],
    what: str,
) -> Iterator[Problem]:
    """A problem when `ref` is not one of the `known` keys."""
    if ref not in known:
        yield Problem(
            section,
            key,
            field,
            f"refers to unknown {what} '{ref}'; define it or use one of: {', '.join(sorted(known))}",
        )
