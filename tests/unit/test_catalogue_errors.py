"""Broken catalogues fail with file, line, key, the value found and what is expected."""

from __future__ import annotations

import pytest

from certpath.catalogue.loader import load_catalogue
from certpath.errors import CatalogueError
from tests.conftest import DATA

BROKEN = DATA / "broken"

EXPECTED = {
    "unknown_key.yaml": [
        "unknown_key.yaml:3:5",
        "credentials[0].pricee",
        "unknown key 'pricee'",
        "did you mean 'price'",
    ],
    "bad_value.yaml": ["bad_value.yaml:3:", "price.value", "found 'lots'", "valid number"],
    "no_source.yaml": ["no_source.yaml:3:", "exactly one of 'source'"],
    "dangling_successor.yaml": [
        "dangling_successor.yaml:5:",
        "lifecycle.successor",
        "unknown credential 'AI-999'",
    ],
    "successor_loop.yaml": ["successor_loop.yaml:4:", "successor chain loops", "AI-103 -> AI-102 -> AI-103"],
    "prerequisite_cycle.yaml": ["prerequisite_cycle.yaml:3:", "prerequisites form a cycle"],
    "layer_out_of_range.yaml": ["layer_out_of_range.yaml:2:", "found 7", "less than or equal to 6"],
    "syntax_error.yaml": ["syntax_error.yaml:4:", "YAML syntax error"],
    "unknown_section.yaml": [
        "unknown_section.yaml:1:1",
        "unknown section 'certifications'",
        "did you mean 'credentials'",
    ],
    "missing_currency_rate.yaml": ["missing_currency_rate.yaml:3:", "no exchange rate for EUR"],
    "project_for_unknown.yaml": ["project_for_unknown.yaml:4:", "unknown item 'NOT-A-CREDENTIAL'"],
    "cohort_without_seats.yaml": [
        "cohort_without_seats.yaml:4:",
        "courses[0].variants[0]",
        "private-cohort variant needs 'seat_limit'",
    ],
    "ga_without_beta.yaml": ["ga_without_beta.yaml:3:", "'general_availability' ends a beta", "beta: true"],
    "ga_before_beta.yaml": [
        "ga_before_beta.yaml:3:",
        "'general_availability' (2026-03-01) must come after 'available_from' (2026-04-01)",
    ],
}


def test_every_broken_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_overlay_is_rejected_with_a_located_message(name: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(overlays=[BROKEN / name])
    message = str(caught.value)
    for fragment in EXPECTED[name]:
        assert fragment in message, f"{fragment!r} not in:\n{message}"


def test_a_missing_overlay_file_says_so() -> None:
    with pytest.raises(CatalogueError, match=r"nope\.yaml: file not found"):
        load_catalogue(overlays=[DATA / "nope.yaml"])
