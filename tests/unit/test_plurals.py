"""Counts read right in every message: no '1 people'."""

from __future__ import annotations

import pytest

from certpath.kernel import how_many


@pytest.mark.parametrize(
    ("number", "noun", "text"),
    [
        (1, "person", "1 person"),
        (0, "person", "0 people"),
        (2, "person", "2 people"),
        (1, "team", "1 team"),
        (12, "team", "12 teams"),
        (1, "step", "1 step"),
        (200_000, "person", "200,000 people"),
        (1, "entry", "1 entry"),
        (3, "entry", "3 entries"),
    ],
)
def test_a_count_takes_the_right_noun(number: int, noun: str, text: str) -> None:
    assert how_many(number, noun) == text
