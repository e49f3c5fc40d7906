"""The individual advisor: which credential first, then what, for one person, and why.

It follows the pathways of the catalogue (seed 001) and the individual rules of
DESIGN.md: FUNDAMENTALS-FIRST, MATCH-STACK, EXPERIENCE-GATE, GENAI-WHEN-MEANINGFUL,
PORTFOLIO-PAIRING, NO-COLLECTING, VENDOR-NEUTRAL and CURRENT-MATERIAL.
"""

from __future__ import annotations

from datetime import date

from certpath.catalogue.model import (
    Catalogue,
    Course,
    Credential,
    Item,
    Option,
    Pathway,
    PathwayStep,
)
from certpath.errors import UnknownChoiceError
from certpath.kernel import Finding
from certpath.planning.advice import Advice, Profile, SetAside, Step
from certpath.planning.advice_checks import check_advice, held_validity
from certpath.planning.scheduling import Calendar, Candidate, schedule

CLOUDS = ("aws", "azure", "gcp", "databricks", "none")


def advise(catalogue: Catalogue, profile: Profile, *, today: date) -> Advice:
    """Build a dated, reasoned pathway for one person as of `today`."""
    profile = _checked(catalogue, profile)
    findings: list[Finding] = []
    pathways = _pathways(catalogue, profile)
    candidates = _candidates(catalogue, profile, pathways, today, findings)
    candidates, skipped = _drop_held(catalogue, profile, candidates, today)
    candidates = _fundamentals_first(catalogue, profile, candidates, today)
    candidates = _prerequisites_first(catalogue, profile, candidates)
    ml_months = profile.ml_months if profile.ml_months is not None else _typical_ml_months(catalogue, profile)
    steps, schedule_findings = schedule(
        catalogue, candidates, Calendar(today, profile.hours_per_week, ml_months)
    )
    steps, left_out = _fit_budget(steps, profile.budget_usd, findings)
    findings += schedule_findings
    findings += check_advice(catalogue, profile, steps, today=today)
    return Advice(
        profile=profile,
        today=today,
        pathways=tuple(p.title for p in pathways),
        steps=tuple(steps),
        warnings=tuple(findings),
        skipped=tuple(skipped),
        left_out=tuple(left_out),
        catalogue_as_of=catalogue.as_of,
    )


def _checked(catalogue: Catalogue, profile: Profile) -> Profile:
    """Raise UnknownChoiceError for a background, goal, cloud or held item that does not exist."""
    if profile.background:
        catalogue.background(profile.background)
    if profile.goal:
        catalogue.goal(profile.goal)
    if profile.cloud not in CLOUDS:
        raise UnknownChoiceError("cloud", profile.cloud, choices=CLOUDS)
    for holding in profile.held:
        catalogue.item(holding.item_id)
    return profile


def _pathways(catalogue: Catalogue, profile: Profile) -> list[Pathway]:
    ids = []
    if profile.background:
        ids.append(catalogue.background(profile.background).pathway)
    if profile.goal:
        ids.append(catalogue.goal(profile.goal).pathway)
    ids = ids or ["verdict"]
    return [catalogue.pathways[i] for i in dict.fromkeys(ids)]


def _genai(catalogue: Catalogue, profile: Profile) -> bool:
    return profile.genai or bool(profile.goal and catalogue.goal(profile.goal).implies_genai)


def _candidates(
    catalogue: Catalogue,
    profile: Profile,
    pathways: list[Pathway],
    today: date,
    findings: list[Finding],
) -> list[Candidate]:
    chosen: list[Candidate] = []
    for pathway in pathways:
        for number, step in enumerate(pathway.steps, start=1):
            label = f"{pathway.title}, step {number} ({step.purpose})."
            if step.when == "genai" and not _genai(catalogue, profile):
                item = next((o.item for o in step.options if o.item), "this step")
                findings.append(
                    Finding(
                        "GENAI-WHEN-MEANINGFUL",
                        "info",
                        f"{label} {item} is left out until generative AI is a real part of your work.",
                        "Rerun with --genai when it is.",
                        item,
                    )
                )
                continue
            option, why = _choose(step, profile.cloud)
            if option.item is None:
                findings.append(
                    Finding(
                        "MATCH-STACK",
                        "info",
                        f"{label} Skipped: {option.why}.",
                        "Nothing to do, or give --cloud.",
                        None,
                    )
                )
                continue
            candidate = Candidate(catalogue.item(option.item), [label, why], [*step.rules], step.optional)
            if step.optional:
                candidate.reasons.append("Optional in the source sequence.")
            if _current_today(catalogue, candidate, today, findings):
                _add_unique(chosen, candidate)
    return chosen


def _choose(step: PathwayStep, cloud: str) -> tuple[Option, str]:
    """The option for this cloud (MATCH-STACK), else the default, with the sentence that says why."""
    for option in step.options:
        if option.cloud == cloud:
            why = f" ({option.why})" if option.why else ""
            alternatives = [o.item for o in step.options if o.item and o is not option]
            if not alternatives:
                return option, f"Your cloud is {cloud}{why}."
            return (
                option,
                f"Your cloud is {cloud}, so {option.item or 'nothing'} (MATCH-STACK){why}.",
            )
    plain = [o for o in step.options if o.cloud is None]
    option = next((o for o in step.options if o.default), plain[0] if plain else step.options[0])
    if len(step.options) == 1:
        return option, option.why or ""
    named = ", ".join(sorted(o.cloud for o in step.options if o.cloud))
    why = f": {option.why}" if option.why else ""
    return (
        option,
        f"The options here are for {named}; for '{cloud}' the default applies (MATCH-STACK){why}.",
    )


def _current_today(catalogue: Catalogue, candidate: Candidate, today: date, findings: list[Finding]) -> bool:
    """Replace a credential retired by `today` with its successor; False if nothing current is left."""
    item = candidate.item
    while isinstance(item, Credential) and item.lifecycle.status_on(today).state == "retired":
        successor = item.lifecycle.successor
        if successor is None:
            findings.append(
                Finding(
                    "CURRENT-MATERIAL",
                    "warning",
                    f"{item.id} retired on {item.lifecycle.retires_on} and has no successor.",
                    "Choose another credential for this step.",
                    item.id,
                )
            )
            return False
        candidate.reasons.append(
            f"The source names {item.id}, which retired on {item.lifecycle.retires_on}; "
            f"its successor {successor} replaces it (CURRENT-MATERIAL)."
        )
        candidate.rules.append("CURRENT-MATERIAL")
        item = catalogue.credentials[successor]
    candidate.item = item
    return True


def _add_unique(chosen: list[Candidate], candidate: Candidate) -> None:
    for existing in chosen:
        if _same_credential(existing.item, candidate.item):
            return
    chosen.append(candidate)


def _same_credential(a: Item, b: Item) -> bool:
    if a.id == b.id:
        return True
    return isinstance(a, Credential) and isinstance(b, Credential) and a.awards == b.awards


def _drop_held(
    catalogue: Catalogue, profile: Profile, candidates: list[Candidate], today: date
) -> tuple[list[Candidate], list[SetAside]]:
    """Skip candidates the person already holds, still valid on `today` (HELD-CURRENT)."""
    kept, skipped = [], []
    for candidate in candidates:
        reason = _held_reason(catalogue, profile, candidate.item, today)
        if reason:
            skipped.append(SetAside(candidate.item.id, candidate.item.name, reason))
        else:
            kept.append(candidate)
    return kept, skipped


def _held_reason(catalogue: Catalogue, profile: Profile, item: Item, today: date) -> str | None:
    for holding in profile.held:
        held = catalogue.item(holding.item_id)
        if not (_same_credential(held, item) or _succeeds(catalogue, held, item)):
            continue
        state, until = held_validity(catalogue, held, holding.earned_on, today)
        if state == "expired":
            continue
        suffix = f", valid until {until}" if until else ""
        return f"You hold {held.id}{suffix}; it covers {item.id} (HELD-CURRENT)."
    return None


def _succeeds(catalogue: Catalogue, older: Item, newer: Item) -> bool:
    """True when `newer` is reached from `older` through successors."""
    current = older if isinstance(older, Credential) else None
    while current is not None and current.lifecycle.successor:
        if current.lifecycle.successor == newer.id:
            return True
        current = catalogue.credentials.get(current.lifecycle.successor)
    return False


def _fundamentals_first(
    catalogue: Catalogue, profile: Profile, candidates: list[Candidate], today: date
) -> list[Candidate]:
    """Put the Layer 1 course in front unless a literacy step or held literacy already covers it."""
    if candidates and _is_fundamental(candidates[0].item):
        return candidates
    for holding in profile.held:
        held = catalogue.item(holding.item_id)
        valid, _ = held_validity(catalogue, held, holding.earned_on, today)
        if _is_fundamental(held) and valid != "expired":
            return candidates
    engineer = profile.background is None or catalogue.background(profile.background).engineer
    course = catalogue.courses["L1-TECHNICAL" if engineer else "L1-EVERYONE"]
    first = candidates[0].item.id if candidates else "the rest"
    reason = (
        f"{first} is not a literacy credential, so the Layer 1 course comes first to put the "
        "fundamentals in place (FUNDAMENTALS-FIRST, L1-FIRST)."
    )
    return [Candidate(course, [reason], ["FUNDAMENTALS-FIRST", "L1-FIRST"]), *candidates]


def _is_fundamental(item: Item) -> bool:
    if isinstance(item, Credential):
        return item.tier == "literacy"
    return isinstance(item, Course) and item.layer == 1


def _prerequisites_first(
    catalogue: Catalogue, profile: Profile, candidates: list[Candidate]
) -> list[Candidate]:
    """Insert required items (such as a mandatory prep course) right before what needs them."""
    held = {catalogue.item(h.item_id).id for h in profile.held}
    result: list[Candidate] = []
    for candidate in candidates:
        for pre in candidate.item.prerequisites if isinstance(candidate.item, Credential | Course) else ():
            if pre not in held and all(c.item.id != pre for c in result):
                reason = f"{candidate.item.id} requires {pre} first."
                result.append(Candidate(catalogue.item(pre), [reason], ["PREREQUISITE"]))
        result.append(candidate)
    return result


def _typical_ml_months(catalogue: Catalogue, profile: Profile) -> int:
    if profile.background:
        return catalogue.background(profile.background).typical_ml_months
    return 0


def _fit_budget(
    steps: list[Step], budget: float | None, findings: list[Finding]
) -> tuple[list[Step], list[SetAside]]:
    """Keep steps in order while they fit the budget (BUDGET); list the rest with their cost."""
    if budget is None:
        return steps, []
    spent = 0.0
    for index, step in enumerate(steps):
        if spent + (step.cost_usd or 0) > budget + 1e-9:
            kept, rest = steps[:index], steps[index:]
            left = [SetAside(s.item, s.name, "over budget", s.cost_usd) for s in rest if s.kind != "project"]
            missing = round(spent + sum(s.cost_usd or 0 for s in rest) - budget, 2)
            names = ", ".join(f"{s.item} (${s.cost_usd or 0:,.0f})" for s in left)
            findings.append(
                Finding(
                    "BUDGET",
                    "warning",
                    f"A budget of ${budget:,.0f} covers the first {len(kept)} steps (${spent:,.0f}); left out: {names}.",
                    f"Another ${missing:,.0f} would cover the whole pathway.",
                    None,
                )
            )
            return kept, left
        spent += step.cost_usd or 0
    return steps, []
