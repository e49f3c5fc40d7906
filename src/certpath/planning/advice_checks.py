"""Warnings about a person's advice: what they hold, what they plan, and what to avoid."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from certpath.catalogue.model import Catalogue, Credential, Item
from certpath.catalogue.validity import validity_on
from certpath.kernel import Finding, Severity
from certpath.planning.advice import Profile, Step
from certpath.planning.stack_match import NAMES, PLATFORMS, with_article

#: Advice for a date this many days after the catalogue's review date warns that facts may have moved.
STALE_AFTER_DAYS = 180


def held_validity(
    catalogue: Catalogue, item: Item, earned_on: date | None, today: date
) -> tuple[str, date | None]:
    """(state, expiry) of a held item; courses and undated holdings count as current."""
    if not isinstance(item, Credential):
        return "no-expiry", None
    validity = validity_on(catalogue, item, earned_on=earned_on, today=today)
    return validity.state, validity.expires_on


def check_advice(
    catalogue: Catalogue,
    profile: Profile,
    steps: list[Step],
    *,
    today: date,
    replaced: Sequence[str] = (),
) -> list[Finding]:
    """Every finding about the held credentials and the planned steps.

    `replaced` names the source's items that MATCH-STACK swapped for the person's cloud, so that
    VENDOR-NEUTRAL explains the trade-off instead of asking for a step the advice removed.
    """
    return [
        *_held_findings(catalogue, profile, today, renewing={s.item for s in steps if s.kind == "renewal"}),
        *_vendor_neutral(catalogue, profile, steps, replaced),
        *_collecting(catalogue, profile),
        *_avoid(catalogue, steps, grounded=_has_ml_grounding(catalogue, profile)),
        *_unknown_prices(steps),
        *_stale(catalogue, today),
    ]


def _held_findings(
    catalogue: Catalogue, profile: Profile, today: date, *, renewing: set[str]
) -> list[Finding]:
    findings = []
    for holding in profile.held:
        item = catalogue.item(holding.item_id)
        if not isinstance(item, Credential) or item.id in renewing:
            continue
        validity = validity_on(catalogue, item, earned_on=holding.earned_on, today=today)
        policy = catalogue.renewal_policies[item.renewal_policy]
        life = item.lifecycle.status_on(today)
        if validity.state == "unknown-date":
            findings.append(
                Finding(
                    "RENEWAL-WINDOW",
                    "info",
                    f"No date was given for {item.id}, so its expiry cannot be checked.",
                    f"Give it as {item.id}@YYYY-MM-DD.",
                    item.id,
                )
            )
        elif validity.state in ("window-open", "grace", "expired"):
            verb = "expired on" if validity.state == "expired" else "expires on"
            severity: Severity = "warning" if validity.state != "window-open" else "info"
            how = policy.summary
            if life.state == "retired":
                how = f"{item.id} is retired, so it cannot be renewed. {_successor_advice(item, profile, 'Move to', '')}"
            findings.append(
                Finding(
                    "RENEWAL-WINDOW",
                    severity,
                    f"{item.id} {verb} {validity.expires_on}.",
                    how,
                    item.id,
                )
            )
        if life.state == "retired" and validity.state == "no-expiry":
            findings.append(_never_lapses(item, life.on))
        elif life.state == "retired" and validity.state != "expired":
            findings.append(
                Finding(
                    "CURRENT-MATERIAL",
                    "info",
                    f"{item.id} retired on {life.on}; your pass stays valid"
                    f"{' until ' + str(validity.expires_on) if validity.expires_on else ''} but cannot be renewed.",
                    _successor_advice(item, profile, "Plan", " before it lapses")
                    if item.lifecycle.successor
                    else "Plan a current credential before it lapses.",
                    item.id,
                )
            )
    return findings


def _successor_advice(item: Credential, profile: Profile, verb: str, when: str) -> str:
    """'move to X.' or, when X sits on a cloud the person did not choose, how to ask for it."""
    successor = item.lifecycle.successor
    other_cloud = item.stack in PLATFORMS and item.stack not in (profile.cloud, profile.second_cloud)
    if profile.cloud in PLATFORMS and other_cloud:
        kept = with_article(NAMES[item.stack])
        return f"Only to keep {kept} credential: {verb.lower()} {successor}{when} (give --second-cloud {item.stack})."
    return f"{verb} {successor}{when}."


def _never_lapses(item: Credential, retired_on: date | None) -> Finding:
    """A retired credential that never expires (Fundamentals) stays held: nothing to plan."""
    successor = item.lifecycle.successor
    newer = f"; {successor} covers the newer material if you want it" if successor else ""
    return Finding(
        "CURRENT-MATERIAL",
        "info",
        f"{item.id} retired on {retired_on}; your pass never expires, so you keep it{newer}.",
        "Nothing to do.",
        item.id,
    )


def _vendor_neutral(
    catalogue: Catalogue, profile: Profile, steps: list[Step], replaced: Sequence[str]
) -> list[Finding]:
    background = catalogue.background(profile.background) if profile.background else None
    mid_career_engineer = (background is not None and background.engineer and background.mid_career) or (
        (profile.ml_months or 0) >= 12
    )
    if not mid_career_engineer:
        return []
    held = [catalogue.item(h.item_id) for h in profile.held]
    planned = [catalogue.item(s.item) for s in steps if s.kind == "credential"]
    credentials = [c for c in [*held, *planned] if isinstance(c, Credential) and c.tier != "literacy"]
    if not credentials or any(c.cloud_neutral for c in credentials):
        return []
    swapped = next((r for r in replaced if catalogue.credentials[r].cloud_neutral), None)
    if swapped is not None:
        return [_neutral_swapped_away(catalogue.credentials[swapped], profile.cloud)]
    return [
        Finding(
            "VENDOR-NEUTRAL",
            "warning",
            "Every engineer-level credential here is tied to one cloud; a mid-career engineer benefits from one "
            "cloud-neutral credential beside them.",
            "Add DBX-ML-PROFESSIONAL (Databricks ML Professional) to the pathway."
            if _has_ml_grounding(catalogue, profile)
            else "Add DBX-ML-ASSOCIATE (Databricks ML Associate) to the pathway.",
            None,
        )
    ]


def _neutral_swapped_away(credential: Credential, cloud: str) -> Finding:
    """MATCH-STACK put the person's cloud in place of a cloud-neutral exam: say so, and how to keep both."""
    return Finding(
        "VENDOR-NEUTRAL",
        "info",
        f"Your cloud ({cloud}) took the place of {credential.id} (MATCH-STACK), so every engineer-level "
        "credential here is tied to that cloud; a mid-career engineer benefits from one cloud-neutral "
        "credential beside them.",
        f"To hold {credential.id} as well, rerun with --second-cloud {credential.stack}.",
        credential.id,
    )


def _collecting(catalogue: Catalogue, profile: Profile) -> list[Finding]:
    held = [c for h in profile.held if isinstance(c := catalogue.item(h.item_id), Credential)]
    if len(held) < 3 or profile.projects_done > 0:
        return []
    names = ", ".join(c.id for c in held)
    projects = ", ".join(p.id for c in held for p in catalogue.projects_for(c.id)[:1])
    return [
        Finding(
            "NO-COLLECTING",
            "warning",
            f"You hold {len(held)} AI credentials ({names}) and no public portfolio project.",
            f"Build the paired projects before the next exam: {projects}.",
            None,
        )
    ]


def _has_ml_grounding(catalogue: Catalogue, profile: Profile) -> bool:
    """A year of hands-on ML, or a cloud ML credential above literacy: the fundamentals are there."""
    background = catalogue.background(profile.background) if profile.background else None
    months = (
        profile.ml_months
        if profile.ml_months is not None
        else (background.typical_ml_months if background else 0)
    )
    held = [catalogue.item(h.item_id) for h in profile.held]
    return months >= 12 or any(
        isinstance(c, Credential) and c.tier != "literacy" and not c.cloud_neutral for c in held
    )


def _avoid(catalogue: Catalogue, steps: list[Step], *, grounded: bool) -> list[Finding]:
    """The what-to-avoid advice for planned credentials (lifecycle ones are checked by dates instead).

    The warning against generative AI without ML fundamentals is left out for someone who has them."""
    planned = {s.item for s in steps if s.kind == "credential"}
    findings = []
    for rule in catalogue.avoid.values():
        if grounded and rule.rule == "FUNDAMENTALS-FIRST":
            continue
        lifecycle_rule = rule.applies_to and all(
            catalogue.credentials[c].lifecycle.retires_on for c in rule.applies_to
        )
        hits = [c for c in rule.applies_to if c in planned]
        if hits and not lifecycle_rule:
            findings.append(
                Finding(rule.rule, "info", f"{rule.title} ({', '.join(hits)}).", rule.advice, hits[0])
            )
    return findings


def _unknown_prices(steps: list[Step]) -> list[Finding]:
    return [
        Finding(
            "BUDGET",
            "info",
            f"The {'renewal fee' if s.kind == 'renewal' else 'price'} of {s.item} is not known; totals leave it out.",
            "Check the vendor's maintenance fee for your membership."
            if s.kind == "renewal"
            else "Overlay the price you were quoted (certpath catalogue validate --overlay FILE).",
            s.item,
        )
        for s in steps
        if s.cost_usd is None
    ]


def _stale(catalogue: Catalogue, today: date) -> list[Finding]:
    age = (today - catalogue.as_of).days
    if age <= STALE_AFTER_DAYS:
        return []
    return [
        Finding(
            "STALE-CATALOGUE",
            "warning",
            f"The catalogue's facts were last reviewed on {catalogue.as_of}, {age} days before {today}.",
            "Check prices and retirement dates, or update certpath.",
            None,
        )
    ]
