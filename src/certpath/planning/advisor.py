"""The individual advisor: which credential first, then what, for one person, and why.

It follows the pathways of the catalogue (seed 001) and the individual rules of
DESIGN.md: FUNDAMENTALS-FIRST, MATCH-STACK, EXPERIENCE-GATE, GENAI-WHEN-MEANINGFUL,
PORTFOLIO-PAIRING, NO-COLLECTING, VENDOR-NEUTRAL and CURRENT-MATERIAL.
"""

from __future__ import annotations

from datetime import date, timedelta

from certpath.catalogue.model import (
    Catalogue,
    Course,
    Credential,
    Pathway,
)
from certpath.errors import UnknownChoiceError
from certpath.kernel import Finding, how_many
from certpath.planning.advice import Advice, Profile, SetAside, Step
from certpath.planning.advice_checks import check_advice
from certpath.planning.budget import apply_budget
from certpath.planning.fundamentals import fundamentals_first, is_engineer
from certpath.planning.holdings import drop_held, same_credential
from certpath.planning.renewals import renewal_steps
from certpath.planning.scheduling import Calendar, Candidate, schedule
from certpath.planning.stack_match import PLATFORMS, choose

CLOUDS = ("aws", "azure", "gcp", "databricks", "none")


def advise(catalogue: Catalogue, profile: Profile, *, today: date) -> Advice:
    """Build a dated, reasoned pathway for one person as of `today`."""
    profile = _checked(catalogue, profile)
    findings: list[Finding] = []
    replaced: list[str] = []
    pathways = _pathways(catalogue, profile)
    candidates = _candidates(catalogue, profile, pathways, today, findings, replaced)
    renewals, findings_on_renewal = renewal_steps(catalogue, profile, today=today)
    renewing = {s.item for s in renewals}
    candidates = [c for c in candidates if c.item.id not in renewing]
    candidates, skipped = drop_held(catalogue, profile, candidates, today)
    candidates = fundamentals_first(catalogue, profile, candidates, today)
    candidates = _prerequisites_first(catalogue, profile, candidates)
    renewals, candidates, left_out = apply_budget(
        catalogue,
        renewals,
        candidates,
        budget=profile.budget_usd,
        findings=findings,
        engineer=is_engineer(catalogue, profile),
    )
    ml_months = profile.ml_months if profile.ml_months is not None else _typical_ml_months(catalogue, profile)
    start = renewals[-1].end + timedelta(days=1) if renewals else None
    steps, schedule_findings = schedule(
        catalogue,
        candidates,
        Calendar(today, profile.hours_per_week, ml_months, start, is_engineer(catalogue, profile)),
    )
    steps = [*renewals, *steps]
    findings += findings_on_renewal
    steps, late_left_out = _fit_budget(steps, profile.budget_usd, findings)
    left_out += late_left_out
    findings += schedule_findings
    findings += check_advice(catalogue, profile, steps, today=today, replaced=replaced)
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
    if profile.second_cloud is not None and profile.second_cloud not in PLATFORMS:
        raise UnknownChoiceError("second cloud", profile.second_cloud, choices=PLATFORMS)
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
    replaced: list[str],
) -> list[Candidate]:
    """The pathway steps' items on the person's cloud; `replaced` gets the source items swapped away."""
    chosen: list[Candidate] = []
    goal_pathway = catalogue.goal(profile.goal).pathway if profile.goal else None
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
            choice = choose(catalogue, step, cloud=profile.cloud, second_cloud=profile.second_cloud)
            if choice.item is None:
                findings.append(
                    Finding("MATCH-STACK", "info", f"{label} {choice.why}", _skip_fix(profile), None)
                )
                continue
            replaced += [choice.replaced] if choice.replaced else []
            rules = [*step.rules, *(["MATCH-STACK"] if "MATCH-STACK" in choice.why else [])]
            candidate = Candidate(catalogue.item(choice.item), [label, choice.why], rules, choice.optional)
            candidate.goal_step = number if pathway.id == goal_pathway else None
            if choice.optional:
                candidate.reasons.append("Optional in the source sequence.")
            if _current_today(catalogue, candidate, today, findings):
                _add_unique(chosen, candidate)
    return chosen


def _skip_fix(profile: Profile) -> str:
    if profile.cloud == "none":
        return "Nothing to do, or give --cloud."
    return "Nothing to do, or give --second-cloud to add another cloud's exam."


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
        if same_credential(existing.item, candidate.item):
            steps = [s for s in (existing.goal_step, candidate.goal_step) if s is not None]
            existing.goal_step = min(steps, default=None)
            return
    chosen.append(candidate)


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
                    f"A budget of ${budget:,.0f} covers the first {how_many(len(kept), 'step')} (${spent:,.0f}); left out: {names}.",
                    f"Another ${missing:,.0f} would cover the whole pathway.",
                    None,
                )
            )
            return kept, left
        spent += step.cost_usd or 0
    return steps, []
