"""Every error certpath raises on purpose.

Domain code raises these; each interface translates them once (the CLI into an
exit code and a message, later the API into a status and a JSON body).

* CertpathError                 anything certpath reports to a person
  x InputError                  the user's input is wrong (CLI exit code 2)
    + UnknownChoiceError        a name that is not one of the known choices
    + UnknownPersonError        an employee id no one in the store has; carries the id
    + SettingError              a report's setting (bus factor, freshness, days ahead) out of range
    + EmptyStoreError           the store has no active people yet, so there is nothing to read
    + CatalogueError            a catalogue or overlay file breaks a rule
    + RosterError               a roster (HR export) has bad rows or unknown job titles
    + EvidenceError             an evidence file (badge, xAPI, CSV) is malformed or fails verification
    + TooLargeError             an upload passes a size or count limit; names the limit (API 413)
    + PersonLinkRequiredError   a manager or member user without a roster person; carries the role
    + LastAdminError            a change that would leave no active admin
  x InfeasiblePlanError         no plan satisfies the constraints (CLI exit code 3)
    + BudgetTooSmallError       a budget cannot pay for work no plan may leave out; carries the amounts
  x StoreError                  the tracking database cannot be used as it is (CLI exit code 2)
    + SchemaBehindError         the database schema is older than this certpath; names the command
  x NotFoundError               no such thing within what the caller may see (API 404)
    + NotInScopeError           teams or people named that the caller cannot see; carries them
    + UnknownUserError          no user of this name, or no such API token of theirs; carries both
  x AccessDeniedError           the caller's role may not do this (API 403)
    + WriteScopeError           a write names people outside the caller's scope; lists each place
    + PasswordChangeRequiredError  a session after an admin's password reset, before the change
  x SignInError                 wrong name or password, or no valid session or token (API 401)
    + RateLimitedError          too many failed sign-ins; says when to try again (API 429)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal


class CertpathError(Exception):
    """Base class: a problem certpath can explain to the person who hit it."""


class InputError(CertpathError):
    """The input (a flag, a file, a value) is wrong; the message says how to fix it."""


class UnknownChoiceError(InputError):
    """A value that is not one of the known choices, with the closest one."""

    def __init__(self, what: str, value: str, *, choices: Sequence[str]) -> None:
        self.what = what
        self.value = value
        self.choices = tuple(choices)
        self.closest = closest_choice(value, self.choices)
        hint = f" Did you mean '{self.closest}'?" if self.closest else ""
        super().__init__(f"Unknown {what} '{value}'.{hint} Valid choices: {', '.join(self.choices)}.")


class UnknownPersonError(InputError):
    """An employee id that no one in the store has. The fix (import a roster that lists them) is
    worded by each interface: a command at the command line, the Rosters page on the dashboard."""

    def __init__(self, person_id: str, *, named_by: str = "employee id") -> None:
        self.person_id = person_id
        super().__init__(f"No one with {named_by} '{person_id}' is in the store.")


class SettingError(InputError):
    """A setting that shapes a report is out of range. `setting` names it in domain terms
    (bus_factor, min_freshness, within_days) and the message says what works; each interface names
    it its own way (an option at the command line, a field on a form, a parameter in the API)."""

    def __init__(self, reason: str, *, setting: str, value: object) -> None:
        self.setting = setting
        self.value = value
        self.reason = reason
        super().__init__(f"{setting.replace('_', ' ').capitalize()} {value}: {reason}")


class EmptyStoreError(InputError):
    """The store has no active people yet. Each interface words the fix (how to import a roster)."""


@dataclass(frozen=True)
class Location:
    """Where in which file a problem is: 1-based line and column, and the key path."""

    file: str
    line: int | None = None
    column: int | None = None
    key: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.key}" if self.key else where


@dataclass(frozen=True)
class Issue:
    """One problem in an input file (catalogue, overlay, roster): where, what was found, what to do."""

    location: Location
    message: str
    #: The problem is that the file names someone certpath does not know: to a writer with a
    #: narrowed scope this reads like naming someone outside it, so it cannot probe the roster.
    unknown_person: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class CatalogueError(InputError):
    """The catalogue (shipped files plus overlays) does not load or validate."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = tuple(issues)
        count = len(self.issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(f"The catalogue has {count} problem{'s' if count != 1 else ''}:\n{lines}")


class FileProblemsError(InputError):
    """A file cannot be used; every problem is listed by place, and nothing was done with it."""

    def __init__(self, heading: str, issues: Iterable[Issue], *, outcome: str) -> None:
        self.issues = tuple(issues)
        count = len(self.issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(f"{heading} has {count} problem{'s' if count != 1 else ''}; {outcome}:\n{lines}")


class RosterError(FileProblemsError):
    """A roster file cannot be used; every problem is listed by row and column."""

    def __init__(self, source: str, issues: Iterable[Issue]) -> None:
        self.source = source
        super().__init__(f"The roster {source}", issues, outcome="nothing was planned")


class EvidenceError(FileProblemsError):
    """An evidence file cannot be imported; every problem is listed and nothing was written."""

    def __init__(self, source: str, issues: Iterable[Issue]) -> None:
        self.source = source
        super().__init__(source, issues, outcome="nothing was imported")


class TooLargeError(InputError):
    """An upload is larger than a limit (bytes per file or request, files per request); names the limit."""


class PersonLinkRequiredError(InputError):
    """A manager or member user with no roster person to see people through. Each interface names
    its own field for the person (an option, a form field, a JSON member)."""

    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(f"A {role} sees people through the roster, so needs a roster person (employee id).")


class LastAdminError(InputError):
    """A change (a deactivation, a new role, a roster import) would leave no active admin, so nobody
    could manage users. Each interface says how to make another user admin there."""


class StoreError(CertpathError):
    """The tracking database cannot be used as it is; the message says what to do."""


class SchemaBehindError(StoreError):
    """The database schema is older than this version of certpath."""


class NotFoundError(CertpathError):
    """Nothing with this id exists within what the caller may see (outside a scope reads as absent)."""


class NotInScopeError(NotFoundError):
    """Teams or people (`kind`) named that are not among the active people the caller can see;
    each interface says where to find the ones there are."""

    def __init__(self, message: str, *, kind: Literal["team", "person"], names: Sequence[str]) -> None:
        self.kind = kind
        self.names = tuple(names)
        super().__init__(message)


class UnknownUserError(NotFoundError):
    """No user of this name (or, with `token_id`, no such API token of theirs). Each interface says
    where its users and tokens are listed."""

    def __init__(self, username: str, *, token_id: int | None = None) -> None:
        self.username = username
        self.token_id = token_id
        missing = (
            f"No user '{username}'." if token_id is None else f"'{username}' has no API token {token_id}."
        )
        super().__init__(missing)


class AccessDeniedError(CertpathError):
    """The caller's role may not take this action; the message names the roles that may."""


class WriteScopeError(AccessDeniedError):
    """A write (a path, a form, a row, a statement, a badge) names people the caller may not write for."""

    def __init__(self, issues: Iterable[Issue], *, allowed: str) -> None:
        self.issues = tuple(issues)
        count = len(self.issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(
            f"This names someone you may not write evidence for ({count} place{'s' if count != 1 else ''}); "
            f"nothing was written. You may write for {allowed}: remove the other entries, or ask an "
            f"admin or L&D admin to write them.\n{lines}"
        )


class PasswordChangeRequiredError(AccessDeniedError):
    """An admin reset this user's password: until they choose a new one, a session may only do that."""


class SignInError(CertpathError):
    """Wrong user name or password, or a session or token that is missing, expired or revoked."""


class RateLimitedError(SignInError):
    """Too many failed sign-ins for a name or an address; `retry_after` seconds until the next try."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class InfeasiblePlanError(CertpathError):
    """No plan satisfies the constraints; the message names the constraint and by how much."""


class BudgetTooSmallError(InfeasiblePlanError):
    """A budget (`kind`: "budget" for the whole plan, "quarterly" per quarter) cannot pay for work no
    plan may leave out. The message says why in domain terms; each interface words the fix, because
    only it knows whether the budget is the --budget option, a form field or a JSON member."""

    def __init__(
        self,
        message: str,
        *,
        kind: Literal["budget", "quarterly"],
        given: float,
        required: float,
        otherwise: str = "",
    ) -> None:
        self.kind = kind
        self.given = given
        self.required = required
        self.otherwise = otherwise  # what else would do, in domain terms ("plan fewer people")
        super().__init__(message)

    @property
    def short(self) -> float:
        """How much more the budget needs."""
        return max(self.required - self.given, 0.0)


def closest_choice(value: str, choices: Sequence[str]) -> str | None:
    """Return the choice nearest to `value` by edit similarity, or None if nothing is close."""
    if not choices:
        return None
    from rapidfuzz import fuzz, process, utils

    match = process.extractOne(
        value, choices, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=45
    )
    return str(match[0]) if match else None
