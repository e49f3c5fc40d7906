"""Use case: advise one person (shared by the CLI, and later the API and the web advisor)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from certpath.catalogue.model import Catalogue
from certpath.errors import SettingError
from certpath.kernel import Finding, Holding
from certpath.planning.advice import Advice, Profile
from certpath.planning.advisor import advise

#: The longest job title accepted (the API's limit too).
MAX_TITLE = 200


def parse_holding(text: str) -> Holding:
    """Parse CODE or CODE@YYYY-MM-DD into a Holding."""
    code, _, when = text.strip().partition("@")
    if not code:
        raise SettingError(
            "give a credential or course id, optionally with @YYYY-MM-DD.", setting="held", value=text
        )
    if not when:
        return Holding(code)
    try:
        return Holding(code, date.fromisoformat(when))
    except ValueError:
        raise SettingError(
            f"'{when}' is not a date; write it as YYYY-MM-DD, for example {code}@2025-03-31.",
            setting="held",
            value=text,
        ) from None


def advise_person(catalogue: Catalogue, profile: Profile, *, today: date) -> Advice:
    """Validate the profile's numbers and return the advice."""
    if profile.hours_per_week <= 0 or profile.hours_per_week > 80:
        reason = "give a number of hours between 1 and 80."
        raise SettingError(reason, setting="hours_per_week", value=f"{profile.hours_per_week:g}")
    if profile.budget_usd is not None and profile.budget_usd < 0:
        raise SettingError(
            "a budget cannot be negative.", setting="budget_usd", value=f"{profile.budget_usd:g}"
        )
    if profile.ml_months is not None and profile.ml_months < 0:
        raise SettingError(
            "months of ML work cannot be negative.", setting="ml_months", value=profile.ml_months
        )
    if profile.title and len(profile.title) > MAX_TITLE:
        raise SettingError(
            f"a job title has at most {MAX_TITLE} characters.",
            setting="title",
            value=f"{len(profile.title):,} characters long",  # never echoed: it may be anything
        )
    for holding in profile.held:
        if holding.earned_on is not None and holding.earned_on > today:
            raise SettingError(
                f"that date is after today ({today}); give the date you passed it, or leave the "
                "credential out until you have.",
                setting="held",
                value=f"{holding.item_id}@{holding.earned_on}",
            )
    if profile.title and not profile.background:
        profile, note = _background_from_title(catalogue, profile)
        advice = advise(catalogue, profile, today=today)
        return replace(advice, warnings=(note, *advice.warnings))
    return advise(catalogue, profile, today=today)


def _background_from_title(catalogue: Catalogue, profile: Profile) -> tuple[Profile, Finding]:
    """The background, and the goal unless one is given, of the role a job title names."""
    from certpath.roster.titles import TitleResolver  # rapidfuzz, only when a title is given

    title = (profile.title or "").strip()
    found = TitleResolver(catalogue).resolve(title)
    role = catalogue.roles.get(found.role) if found.role else None
    if role is None or role.background is None:
        closest = f" Closest roles: {', '.join(found.suggestions)}." if found.suggestions else ""
        raise SettingError(
            f"no role matches this job title.{closest} Choose a background instead "
            f"({', '.join(sorted(catalogue.backgrounds))}).",
            setting="title",
            value=title,
        )
    goal = profile.goal or role.goal
    assumed = f" and the goal {goal}" if goal and not profile.goal else ""
    note = Finding(
        "ROLE-TRACKS",
        "info",
        f"The title '{title}' reads as the role {role.id} ({role.name}), so the background is "
        f"{role.background}{assumed} (confidence {found.confidence:.0%}).",
        "Choose the background" + (" or the goal" if assumed else "") + " yourself to change it.",
        role.id,
    )
    return replace(profile, background=role.background, goal=goal), note
