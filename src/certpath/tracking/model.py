"""Tracking's domain values: people as stored, evidence with the record of how it was verified."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Literal

Outcome = Literal["passed", "warning", "failed", "not-checked"]
Assurance = Literal["verified", "recorded", "claimed"]
EvidenceStatus = Literal["completed", "in-progress", "failed", "revoked"]


@dataclass(frozen=True)
class Scope:
    """Whose data a read covers: everyone active, one team, one person, or a manager's reporting chain.

    The fields narrow together: `Scope(team="Data", manager="E7")` is the part of E7's chain
    in team Data. `manager` covers the manager and everyone under them through `manager_id`.
    """

    team: str | None = None
    person: str | None = None
    manager: str | None = None


#: The checks a verification record always lists, in this order.
CHECK_NAMES = ("structure", "signature", "key-trusted", "dates", "revocation", "recipient")


@dataclass(frozen=True, slots=True)
class Person:
    """One person in the tracking store, keyed by their HR employee id."""

    id: str
    name: str
    role: str
    team: str
    email: str = ""
    title: str = ""
    manager_id: str | None = None
    cloud: str = "none"
    hours_per_week: float = 5.0
    deploys_to_production: bool = False
    leads_externally: bool = False
    background: str | None = None
    active: bool = True

    def as_dict(self) -> dict[str, Any]:
        # every field is a plain value, so a shallow copy is the same as asdict(), and a roster
        # import of 200,000 people calls this three times per person
        return {name: getattr(self, name) for name in PERSON_FIELDS}


PERSON_FIELDS = tuple(f.name for f in fields(Person))


@dataclass(frozen=True, slots=True)
class Completion:
    """The latest completion of one catalogue item by one person, as a plan from the store reads it."""

    person_id: str
    item_id: str
    completed_on: date
    verified: bool  # some completion of it is verified
    expires_on: date | None  # the latest expiry; None when some completion never expires


@dataclass(frozen=True, slots=True)
class Check:
    """One thing a verifier looked at, what came out, and why."""

    check: str
    outcome: Outcome
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "outcome": self.outcome, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Verification:
    """Everything checked about one piece of evidence; never a bare 'verified'."""

    format: str
    checks: tuple[Check, ...]

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.outcome == "failed")

    def outcome(self, name: str) -> Outcome:
        return next((c.outcome for c in self.checks if c.check == name), "not-checked")

    @property
    def assurance(self) -> Assurance:
        """verified: a valid signature by a trusted key; recorded: from a system of record; claimed: typed in."""
        if self.outcome("signature") == "passed" and self.outcome("key-trusted") == "passed":
            return "verified"
        return "claimed" if self.format == "manual" else "recorded"


@dataclass(slots=True)
class NewEvidence:
    """A piece of evidence ready to store; `item_id` is None when no catalogue item matched.

    Not frozen: a CSV makes a million of these, and a frozen dataclass's __init__ costs
    three times as much. Readers build them and nothing changes them afterwards.
    """

    person_id: str
    item_id: str | None
    source: str
    status: EvidenceStatus
    completed_on: date
    verification: Verification
    external_id: str | None = None
    expires_on: date | None = None  # the issuer's own expiry, when the evidence states one
    credential_id: str | None = None
    url: str | None = None
    note: str | None = None
    issuer: str | None = None
    achievement: str | None = None
    artifact: str | None = None
    line: int | None = None  # where in the source file, for messages
    key: str = ""  # where in a JSON document (e.g. statements[3]), for messages


@dataclass(frozen=True, slots=True)
class Void:
    """An xAPI voiding statement: the earlier statement `target` no longer counts."""

    source: str
    target: str
    statement_id: str
    line: int | None = None  # where in the source file, for messages
    key: str = ""


@dataclass(frozen=True)
class EvidenceBatch:
    """What one evidence file contributed: evidence to add, voids to apply, items left unmatched."""

    source: str
    kind: str
    evidence: list[NewEvidence] = field(default_factory=list)
    voids: list[Void] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
