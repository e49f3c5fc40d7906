"""The shared kernel: values that several domain packages speak, owned by none of them, and how counts read.

A roster lists what people hold, the planner plans around it, the advisor and the audit report
findings; each of those packages imports these from here rather than from one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Holding:
    """A credential or course the person already has, with the date earned when known."""

    item_id: str
    earned_on: date | None = None
    verified: bool = False  # checked evidence from the store; a roster's word is never verified
    #: The store's expiry (None: never expires) when `expiry_known`; otherwise the vendor's rule applies.
    expires_on: date | None = None
    expiry_known: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that the advice, a plan or a team breaks or should heed."""

    rule: str
    severity: Severity
    message: str
    fix: str
    subject: str | None = None
    members: tuple[str, ...] = ()


#: Nouns whose plural is not the singular plus "s" (for how_many).
IRREGULAR_PLURALS = {"person": "people", "entry": "entries", "policy": "policies"}


def how_many(number: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number, thousands separated: '1 person', '1,200 people'.

    Every count that output prints goes through here, so that no message says "1 people".
    """
    word = noun if number == 1 else plural or IRREGULAR_PLURALS.get(noun) or f"{noun}s"
    return f"{number:,} {word}"
