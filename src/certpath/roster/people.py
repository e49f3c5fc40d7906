"""People as HR files name them: who manages whom, given by id, e-mail, principal name or name.

Managers arrive as employee ids (SuccessFactors, Okta managerId), e-mail addresses (Google),
user principal names (Entra ID) or personal names: "First Last" (BambooHR, HiBob, Rippling,
Workday) or "Last, First" (ADP). Every form is resolved to an employee id; a name that fits
two people or nobody is a problem to report, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Cells meaning "no manager" (SuccessFactors writes NO_MANAGER).
NO_MANAGER = {"", "nomanager", "none", "na", "n/a", "-"}
#: A personal name: two or more words of letters ("Ann Lee", "Lee, Ann", "O'Neil-Smith, J.").
NAME_LIKE = re.compile(r"^[^\W\d_]+\.?(?:[ ,'-]+[^\W\d_]+\.?)+$")


@dataclass(frozen=True)
class Person:
    """What identifies one row's person: id, e-mail, login and the names they go by."""

    id: str
    emails: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


@dataclass
class ManagerIndex:
    """Every way a file refers to its people, pointing at their employee ids."""

    ids: set[str] = field(default_factory=set)
    by_email: dict[str, set[str]] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)

    def add(self, person: Person) -> None:
        """Index one person (leavers too: a report may still name a leaver as manager)."""
        self.ids.add(person.id)
        for email in person.emails:
            self.by_email.setdefault(email.lower(), set()).add(person.id)
        for name in person.names:
            self.by_name.setdefault(name_key(name), set()).add(person.id)

    def resolve(self, text: str) -> tuple[str | None, str | None]:
        """(employee id, None) or (None, what is wrong) for one manager cell."""
        value = text.strip()
        letters = re.sub(r"[^a-z]", "", value.lower())  # "N/A", "No_Manager"; empty for "10001"
        if value.lower() in NO_MANAGER or (letters and letters in NO_MANAGER):
            return None, None
        if value in self.ids:
            return value, None
        if "@" in value:
            return self._one(self.by_email.get(value.lower(), set()), value, "e-mail address")
        if NAME_LIKE.match(value):
            return self._one(self.by_name.get(name_key(value), set()), value, "name")
        # an id-like value nobody in the file has: a manager outside this export, kept as given
        return value, None

    @staticmethod
    def _one(found: set[str], value: str, kind: str) -> tuple[str | None, str | None]:
        if len(found) == 1:
            return next(iter(found)), None
        if found:
            return None, (
                f"manager '{value}' matches several people ({', '.join(sorted(found))}); "
                "give the manager's employee id instead"
            )
        return None, (
            f"manager '{value}' is not the {kind} of anyone in the file; "
            "give the manager's employee id, or add the manager's row"
        )


def name_key(name: str) -> str:
    """A name compared without case, accents' spacing or order: 'Lee, Ann' == 'ann lee'."""
    text = name.strip()
    if text.count(",") == 1:
        family, given = (p.strip() for p in text.split(","))
        text = f"{given} {family}"
    return " ".join(text.lower().split())


def person_names(*, name: str, given: str, family: str, preferred: str) -> tuple[str, ...]:
    """Every name a person may be called by: full, legal, and preferred first name with surname."""
    names = [name, f"{given} {family}", f"{preferred} {family}"]
    return tuple(dict.fromkeys(n.strip() for n in names if n.strip() and n.strip() != family.strip()))


def display_name(*, name: str, given: str, family: str, preferred: str) -> str:
    """The name shown: the name column, else given and family name, with a preferred name beside."""
    if name:
        return name
    if preferred and given and preferred != given:
        return f"{given} ({preferred}) {family}".strip()
    return " ".join(p for p in (given or preferred, family) if p)
