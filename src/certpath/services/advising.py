"""Use case: advise one person (shared by the CLI, and later the API and the web advisor)."""

from __future__ import annotations

from datetime import date

from certpath.catalogue.model import Catalogue
from certpath.errors import InputError
from certpath.kernel import Holding
from certpath.planning.advice import Advice, Profile
from certpath.planning.advisor import advise


def parse_holding(text: str) -> Holding:
    """Parse CODE or CODE@YYYY-MM-DD into a Holding."""
    code, _, when = text.strip().partition("@")
    if not code:
        raise InputError(f"--have '{text}': give a credential or course id, optionally with @YYYY-MM-DD.")
    if not when:
        return Holding(code)
    try:
        return Holding(code, date.fromisoformat(when))
    except ValueError:
        raise InputError(
            f"--have '{text}': '{when}' is not a date; write it as YYYY-MM-DD, for example {code}@2025-03-31."
        ) from None


def advise_person(catalogue: Catalogue, profile: Profile, *, today: date) -> Advice:
    """Validate the profile's numbers and return the advice."""
    if profile.hours_per_week <= 0 or profile.hours_per_week > 80:
        raise InputError(
            f"--hours-per-week {profile.hours_per_week:g}: give a number of hours between 1 and 80."
        )
    if profile.budget_usd is not None and profile.budget_usd < 0:
        raise InputError(f"--budget {profile.budget_usd:g}: a budget cannot be negative.")
    if profile.ml_months is not None and profile.ml_months < 0:
        raise InputError(f"--ml-months {profile.ml_months}: months of ML work cannot be negative.")
    return advise(catalogue, profile, today=today)
