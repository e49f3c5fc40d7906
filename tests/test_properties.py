"""Invariants of the advisor and the loader over generated inputs."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certpath.catalogue.loader import load_catalogue
from certpath.catalogue.model import Catalogue, Credential
from certpath.errors import CatalogueError
from certpath.planning.advice import Holding, Profile
from certpath.planning.advisor import CLOUDS, advise

_CATALOGUE = load_catalogue()

profiles = st.builds(
    Profile,
    background=st.none() | st.sampled_from(sorted(_CATALOGUE.backgrounds)),
    goal=st.none() | st.sampled_from(sorted(_CATALOGUE.goals)),
    cloud=st.sampled_from(CLOUDS),
    held=st.lists(
        st.builds(
            Holding,
            st.sampled_from(sorted(_CATALOGUE.credentials)),
            st.none() | st.dates(date(2019, 1, 1), date(2026, 11, 1)),
        ),
        max_size=3,
    ).map(tuple),
    ml_months=st.none() | st.integers(0, 60),
    budget_usd=st.none() | st.floats(0, 3000),
    hours_per_week=st.floats(1, 40),
    genai=st.booleans(),
)
days = st.dates(date(2025, 6, 1), date(2027, 6, 1))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, today=days)
def test_advice_invariants(profile: Profile, today: date) -> None:
    catalogue: Catalogue = _CATALOGUE
    advice = advise(catalogue, profile, today=today)
    steps = advice.steps
    for before, after in itertools.pairwise(steps):
        assert after.start > before.end, "steps never overlap"
    for step in steps:
        assert step.start >= today and step.end >= step.start
        item = catalogue.item(step.item)
        if isinstance(item, Credential):
            life = item.lifecycle
            assert life.retires_on is None or step.end <= life.retires_on, "never a retired exam"
            assert life.available_from is None or step.start >= life.available_from
            assert steps[steps.index(step) + 1].pairs_with == step.item, "PORTFOLIO-PAIRING"
        assert step.reason, "every step says why"
    if profile.budget_usd is not None:
        assert advice.total_cost_usd <= profile.budget_usd + 1e-6
    if steps and not advice.skipped and not profile.held:
        first = catalogue.item(steps[0].item)
        assert (isinstance(first, Credential) and first.tier == "literacy") or first.layer == 1


@settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=400))
def test_the_loader_never_crashes_on_arbitrary_bytes(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path: Path = tmp_path_factory.mktemp("overlay") / "overlay.yaml"
    path.write_bytes(content)
    try:
        load_catalogue(overlays=[path])
    except CatalogueError as error:
        assert error.issues and all(str(path) in str(issue) for issue in error.issues)


@settings(max_examples=100, deadline=None)
@given(
    data=st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.text(max_size=8)
        | st.dates().map(lambda d: d + timedelta(0)),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["credentials", "courses", "id", "price", "value", "layers", "as_of", "x"]),
                inner,
                max_size=3,
            )
        ),
        max_leaves=12,
    )
)
def test_the_loader_never_crashes_on_arbitrary_yaml(
    tmp_path_factory: pytest.TempPathFactory, data: object
) -> None:
    import yaml

    path = tmp_path_factory.mktemp("overlay") / "overlay.yaml"
    path.write_text(yaml.safe_dump(data))
    try:
        load_catalogue(overlays=[path])
    except CatalogueError as error:
        assert error.issues
