"""The coverage model: the layers a person needs, the layers an item proves, and whether evidence
holds a layer on a date. The planner, validate.py, the roster audit and tracking (status, gaps,
due and the SQL maps `layer_map` and `need_map`) all ask this module, so they cannot disagree.

What an item proves (one decision, and why):

- A credential proves every layer the catalogue lists for it, not only its first. The list is
  taken from each exam's published blueprint (MLA-C01 tests data preparation, Layer 2, as well as
  deployment and monitoring, Layer 3), and a proctored exam is stronger evidence than a course:
  counting only its main layer made the planner buy Layer 2 courses for skills the exam tested.
- A literacy-tier credential (AIF-C01, AI-900, GCP-GENAI-LEADER) proves its layers at
  non-technical depth only: it tests vocabulary, not engineering. It holds Layers 1 and 6 for a
  product manager, never an engineer's technical Layer 1.
- A course proves its own layer at its depth. A technical course covers a non-technical need
  too (the technical track teaches more); a non-technical course never covers a technical need,
  so an L3-OVERVIEW does not make a production deployer safe (mistake 3). A course for everyone
  counts as non-technical, except on a layer with no technical course, where it is the track.
- Portfolio projects prove no layer: they pair with credentials.

What a person needs: their role's layers at the role's depths, the policy's full-team layers and
Layer 1 at the role's depth (a `basics_only` role, interns and students, takes no full-team layer
beyond Layer 1: AI literacy and the technical basics, not a mid-size team's MLOps track); Layers 1 and 3 at technical depth when they deploy to production,
whatever their role says (mistake 3: MLOps is operational, and its courses build on the technical
Layer 1); Layer 6 when they lead externally and Layer 5 when they own governance, both at
non-technical depth.

Holding a layer on a date: accepted evidence proves it at the needed depth, the latest such
completion is fresh enough (freshness 0.5 ** (months / 6) at least `min_freshness`, by default
0.25: twelve months), and one such completion has not expired (a vendor's grace period does not
count: the credential has lapsed).

One ladder, so that no page calls a layer held and overdue at once (`stage`): **held** while the
latest evidence is under one half-life old; **refresh due** from six months (freshness below one
half), still held and counted, with the refresh due by the last day it holds (`held_until`);
**stale** from the day after, no longer held, the refresh overdue; **expired** once no proving
credential is valid. Overdue always means not held. Only verified evidence is accepted when the caller asks for it
(`--verified-only`, the enterprise policy's VERIFIED-LAYERS). Undated evidence, a roster listing a
credential without a date, counts as fresh and unexpired: the roster's word is all there is.
"""

from __future__ import annotations

import functools
import math
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

from certpath.catalogue.model import Catalogue, Course, Credential, TeamPolicy
from certpath.catalogue.validity import validity_on

Depth = Literal["technical", "non-technical"]
Standing = Literal["held", "stale", "expired", "missing"]
#: A standing with a held layer's refresh window told apart: the legend's marks of a needed layer.
Stage = Literal["held", "refresh-due", "stale", "expired", "missing"]
#: (layer, depth) an item's evidence satisfies.
Proof = tuple[int, Depth]

#: Half-life of a skill in months (ROLLING-REFRESH): freshness halves every six months.
HALF_LIFE_MONTHS = 6
#: The length of a month wherever certpath turns days into months: a Julian year over twelve.
DAYS_PER_MONTH = 365.25 / 12
#: Lowest freshness that still holds a layer by default: two half-lives, twelve months.
MIN_FRESHNESS = 0.25
#: Freshness below which a held layer is due for a refresh: one half-life, six months.
REFRESH_AT = 0.5


def freshness(last_evidence: date, today: date) -> float:
    """0.5 ** (months since the last evidence / 6): 1.0 today, 0.5 after six months."""
    months = max((today - last_evidence).days, 0) / DAYS_PER_MONTH
    return float(0.5 ** (months / HALF_LIFE_MONTHS))


@functools.cache  # pure, and asked once per status cell
def max_age_days(min_freshness: float) -> int:
    """The most whole days evidence may age and keep a freshness of at least `min_freshness`."""
    days = math.floor(HALF_LIFE_MONTHS * math.log2(1 / min_freshness) * DAYS_PER_MONTH)
    origin = date(2000, 1, 1)  # any day: freshness depends only on the difference
    while freshness(origin, origin + timedelta(days=days + 1)) >= min_freshness:
        days += 1
    while days > 0 and freshness(origin, origin + timedelta(days=days)) < min_freshness:
        days -= 1
    return days


def fresh_since(today: date, min_freshness: float = MIN_FRESHNESS) -> date:
    """The oldest evidence date whose freshness on `today` is still at least `min_freshness`."""
    return today - timedelta(days=max_age_days(min_freshness))


def refresh_due_on(last_evidence: date) -> date:
    """The first day a layer's freshness falls below one half: still held, its refresh is due (ROLLING-REFRESH)."""
    return last_evidence + timedelta(days=max_age_days(REFRESH_AT) + 1)


def held_until(last_evidence: date, min_freshness: float = MIN_FRESHNESS) -> date:
    """The last day evidence of `last_evidence` keeps a layer fresh enough to hold: the refresh's due date."""
    return last_evidence + timedelta(days=max_age_days(min_freshness))


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later`, in certpath's month length."""
    return int(max((later - earlier).days, 0) / DAYS_PER_MONTH)


# What items prove


def proof_map(catalogue: Catalogue) -> Mapping[str, frozenset[Proof]]:
    """Item id -> the (layer, depth) pairs its evidence satisfies, for every course and credential."""
    cached = _PROOFS.get(id(catalogue))
    if cached is not None and cached[0]() is catalogue:
        return cached[1]
    technical_layers = {c.layer for c in catalogue.courses.values() if c.depth == "technical"}
    proofs: dict[str, frozenset[Proof]] = {}
    for course in catalogue.courses.values():
        proofs[course.id] = _course_proofs(course, technical_layers)
    for credential in catalogue.credentials.values():
        proofs[credential.id] = _credential_proofs(credential)
    _PROOFS[id(catalogue)] = (weakref.ref(catalogue), proofs)
    return proofs


_PROOFS: dict[int, tuple[weakref.ref[Catalogue], dict[str, frozenset[Proof]]]] = {}


def _both(layer: int) -> frozenset[Proof]:
    return frozenset({(layer, "technical"), (layer, "non-technical")})


def _course_proofs(course: Course, technical_layers: set[int]) -> frozenset[Proof]:
    if course.depth == "technical" or (course.depth == "everyone" and course.layer not in technical_layers):
        return _both(course.layer)
    return frozenset({(course.layer, "non-technical")})


def _credential_proofs(credential: Credential) -> frozenset[Proof]:
    if credential.tier == "literacy":
        return frozenset((layer, "non-technical") for layer in credential.layers)
    return frozenset(p for layer in credential.layers for p in _both(layer))


def proves(catalogue: Catalogue, item_id: str, layer: int, depth: Depth) -> bool:
    """True when evidence of `item_id` satisfies a need for `layer` at `depth`."""
    return (layer, depth) in proof_map(catalogue).get(item_id, frozenset())


def proof_rows(catalogue: Catalogue) -> set[tuple[str, int, Depth]]:
    """(item, layer, depth) for the SQL `layer_map`: one row per need an item's evidence satisfies."""
    return {(item, layer, depth) for item, pairs in proof_map(catalogue).items() for layer, depth in pairs}


# What people need


def needed_layers(
    catalogue: Catalogue,
    policy: TeamPolicy,
    role: str,
    *,
    deploys: bool,
    leads: bool,
    owner: bool = False,
) -> dict[int, Depth]:
    """Layer -> depth a person with this role and these flags needs under `policy`."""
    known = catalogue.roles.get(role)
    depth: Depth = "technical" if known is not None and known.technical else "non-technical"
    layers: dict[int, Depth] = {rl.layer: rl.depth for rl in known.layers} if known else {}
    shared = (1,) if known is not None and known.basics_only else (*policy.full_team_layers, 1)
    for layer in shared:
        layers.setdefault(layer, depth)
    if deploys:
        # L3-BEFORE-PRODUCTION: MLOps is operational work, never an overview, and its technical
        # courses build on the technical Layer 1, so a deployer is technical on both.
        layers[1] = layers[3] = "technical"
    if leads:
        layers.setdefault(6, "non-technical")
    if owner:
        layers.setdefault(5, "non-technical")
    return dict(sorted(layers.items()))


def need_rows(catalogue: Catalogue) -> set[tuple[str, str, bool, bool, int, Depth]]:
    """(policy, role, deploys, leads, layer, depth) for the SQL `need_map`: every policy, role and pair of flags."""
    rows: set[tuple[str, str, bool, bool, int, Depth]] = set()
    for policy in catalogue.team_policies.values():
        for role in catalogue.roles:
            for deploys in (False, True):
                for leads in (False, True):
                    layers = needed_layers(catalogue, policy, role, deploys=deploys, leads=leads)
                    rows.update((policy.id, role, deploys, leads, n, d) for n, d in layers.items())
    return rows


# Whether evidence holds a layer


@dataclass(frozen=True, slots=True)
class Evidence:
    """One completion as the coverage model reads it."""

    item_id: str
    completed_on: date | None  # None: undated, as a roster may list a credential
    expires_on: date | None  # None: never expires (or undated)
    verified: bool = False


class Held(Protocol):
    """Anything that says a person holds an item since a date (a roster's or the store's `Holding`)."""

    @property
    def item_id(self) -> str: ...

    @property
    def earned_on(self) -> date | None: ...

    @property
    def expires_on(self) -> date | None: ...

    @property
    def expiry_known(self) -> bool: ...

    @property
    def verified(self) -> bool: ...


def evidence_of(catalogue: Catalogue, held: Held) -> Evidence:
    """A holding as evidence: the store's expiry where it is known (an issuer's date, a renewal's
    basis), else the vendor's renewal rule from the date earned (a roster's word)."""
    item = catalogue.item(held.item_id)
    if held.expiry_known:
        return Evidence(item.id, held.earned_on, held.expires_on, held.verified)
    expires = None
    if isinstance(item, Credential) and held.earned_on is not None:
        expires = validity_on(catalogue, item, earned_on=held.earned_on, today=held.earned_on).expires_on
    return Evidence(item.id, held.earned_on, expires, held.verified)


@dataclass(frozen=True, slots=True)
class LayerProof:
    """What a person's evidence for one layer at one depth adds up to (a `person_layers` row)."""

    last_done: date | None  # latest dated completion
    valid_until: date | None  # latest expiry of a completion that expires
    open_ended: bool  # some completion never expires
    undated: bool = False  # some completion has no date
    items: tuple[str, ...] = ()  # the items that prove it, for messages


def counts_verified_only(policy: TeamPolicy) -> bool:
    """True when `policy` counts a layer only on verified evidence (VERIFIED-LAYERS, the enterprise policy)."""
    return "VERIFIED-LAYERS" in policy.rules


def layer_proof(
    catalogue: Catalogue,
    evidence: Iterable[Evidence],
    layer: int,
    depth: Depth,
    *,
    verified_only: bool = False,
) -> LayerProof | None:
    """The evidence proving `layer` at `depth`, summed up as the store's summary does; None: none."""
    proofs = [
        e
        for e in evidence
        if (e.verified or not verified_only) and proves(catalogue, e.item_id, layer, depth)
    ]
    return summed(proofs)


def summed(evidence: list[Evidence]) -> LayerProof | None:
    """Completions summed up as the store's summary row does: latest date, latest expiry, any open end."""
    if not evidence:
        return None
    dated = [e.completed_on for e in evidence if e.completed_on is not None]
    expiries = [e.expires_on for e in evidence if e.expires_on is not None]
    return LayerProof(
        max(dated, default=None),
        max(expiries, default=None),
        any(e.expires_on is None for e in evidence),
        len(dated) < len(evidence),
        tuple(sorted({e.item_id for e in evidence})),
    )


def standing(proof: LayerProof | None, *, today: date, min_freshness: float = MIN_FRESHNESS) -> Standing:
    """held (fresh and unexpired), stale (unexpired but too old), expired, or missing."""
    if proof is None:
        return "missing"
    if not proof.open_ended and proof.valid_until is not None and proof.valid_until < today:
        return "expired"
    if proof.undated or (
        proof.last_done is not None and proof.last_done >= fresh_since(today, min_freshness)
    ):
        return "held"
    return "stale"


def stage(proof: LayerProof | None, *, today: date, min_freshness: float = MIN_FRESHNESS) -> Stage:
    """The standing, with a held layer whose latest dated evidence is past one half-life as `refresh-due`."""
    held = standing(proof, today=today, min_freshness=min_freshness)
    if held != "held" or proof is None or proof.undated or proof.last_done is None:
        return held
    due = min_freshness < REFRESH_AT and today >= refresh_due_on(proof.last_done)
    return "refresh-due" if due else "held"


def standing_of(found: Stage) -> Standing:
    """The standing a stage counts as: a layer whose refresh is due is still held."""
    return "held" if found == "refresh-due" else found


def holding_standing(
    catalogue: Catalogue,
    held: Iterable[Held],
    layer: int,
    depth: Depth,
    *,
    today: date,
    min_freshness: float = MIN_FRESHNESS,
    verified_only: bool = False,
) -> tuple[Standing, LayerProof | None]:
    """Where a roster member's holdings leave them on `layer` at `depth` on `today`, and the proof."""
    evidence = [evidence_of(catalogue, h) for h in held]
    proof = layer_proof(catalogue, evidence, layer, depth, verified_only=verified_only)
    return standing(proof, today=today, min_freshness=min_freshness), proof


def holds(catalogue: Catalogue, held: Iterable[Held], layer: int, depth: Depth, *, today: date) -> bool:
    """True when a roster member's holdings hold `layer` at `depth` on `today`."""
    return holding_standing(catalogue, held, layer, depth, today=today)[0] == "held"


def item_standing(catalogue: Catalogue, held: Iterable[Held], item_id: str, *, today: date) -> Standing:
    """Where the member's evidence of `item_id` itself stands on `today` (held, stale, expired, missing)."""
    evidence = [e for h in held if (e := evidence_of(catalogue, h)).item_id == item_id]
    return standing(summed(evidence), today=today)


def item_current(catalogue: Catalogue, held: Iterable[Held], item_id: str, *, today: date) -> bool:
    """True when the member holds `item_id` itself, fresh and unexpired, so it need not be taken again."""
    return item_standing(catalogue, held, item_id, today=today) == "held"
