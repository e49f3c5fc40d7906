"""The dashboard's view helpers: which evidence URLs may become links, and the Gantt's bar geometry."""

from __future__ import annotations

import pytest

from certpath.interfaces.web.views import gantt, web_link


@pytest.mark.parametrize(
    "url",
    ["https://lms.example.com/courses/1?x=1#top", "http://badges.example.org/a", "HTTPS://EXAMPLE.COM"],
)
def test_web_addresses_become_links(url: str) -> None:
    assert web_link(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " https://example.com",  # a browser strips the space; we do not guess
        "java\tscript:alert(1)",
        "https://exa\nmple.com",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",  # protocol-relative
        "https:///x",
        "https://",
        "/people/E1",
        "mailto:a@example.com",
    ],
)
def test_anything_else_is_not_a_link(url: str | None) -> None:
    assert web_link(url) is None


def test_gantt_bars_are_percentages_that_stay_inside_the_track() -> None:
    rows = [
        {"member": "E1", "item": "L1-EVERYONE", "layer": 1, "start": "2026-01-01", "end": "2026-01-10"},
        {"member": "E1", "item": "CKA", "layer": 3, "start": "2026-01-11", "end": "2026-03-31"},
        {"member": "E2", "item": "L1-EVERYONE", "layer": 1, "start": "2026-03-31", "end": "2026-03-31"},
    ]
    bars, ticks = gantt(rows, {"E1": "Ada", "E2": "Bea"})
    assert [name for name, _ in bars] == ["Ada", "Bea"] and ticks == ["Jan 2026", "Feb 2026", "Mar 2026"]
    for _, member_bars in bars:
        for bar in member_bars:
            assert bar.left >= 0 and bar.left + bar.width <= 100 + 1e-9  # inside the track
            assert bar.width >= min(1.5, 100 - bar.left) - 0.01  # wide enough to see, unless clipped
    first, second = bars[0][1]
    assert first.left == 0 and second.left == pytest.approx(first.width, abs=0.01)
    last = bars[1][1][0]  # one day at the very end: the minimum width, clipped to the track
    assert last.left + last.width == pytest.approx(100, abs=0.01)
