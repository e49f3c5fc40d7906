"""The team and person pages read on a phone (390x844) and a laptop (1366x768): nothing sticks out
of the page, the heatmap shows all six layers without a sideways scroll, its caption is whole, and a
person's freshness and next step are on screen. Screenshots go where tests/e2e/test_browser.py puts them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, TODAY, Org, build_org, serving
from tests.e2e.test_browser import WIDE, browser, shot

__all__ = ["browser"]  # the module-scoped chromium fixture, shared with test_browser

#: A team as an HR export names it: long names, hyphens, particles; one of them with dated evidence.
TEAM = """employee_id,name,email,job_title,team,manager_id,cloud
P1,Maximiliane Oberhuber-Schmidt,p1@example.com,Head of Data Science,Research & Data Science,,gcp
P2,Jean-Baptiste Nguyen van der Berg,p2@example.com,Senior Machine Learning Engineer,Research & Data Science,P1,gcp
P3,Anastasia Konstantinopoulou,p3@example.com,Data Engineer,Research & Data Science,P1,gcp
P4,Oluwaseun Adebayo-Williams,p4@example.com,AI Compliance Lead,Research & Data Science,P1,gcp
P5,Kim Ly,p5@example.com,Product Manager,Research & Data Science,P1,gcp
"""
TEAM_PATH = "/teams/Research%20%26%20Data%20Science"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from certpath.bootstrap import open_catalogue
    from certpath.roster.importer import load_roster
    from certpath.services.tracking import import_people, record_completion
    from certpath.services.write_scope import ORGANISATION
    from tests.factories import unit_of_work

    folder = tmp_path_factory.mktemp("phone")
    org: Org = build_org(folder)
    catalogue = open_catalogue(org.settings)
    (folder / "team.csv").write_text(TEAM, encoding="utf-8")
    roster = load_roster(folder / "team.csv", catalogue, today=TODAY)
    import_people(unit_of_work(org.engine, "setup"), catalogue, roster, today=TODAY)
    for item, day in (("L1-EVERYONE", date(2026, 3, 2)), ("GCP-PMLE", date(2025, 1, 20))):
        record_completion(
            unit_of_work(org.engine, "setup"), catalogue, "P2", item, day=day, today=TODAY, scope=ORGANISATION
        )
    with serving(org.app) as address:
        yield address


def signed_in(browser: Browser, site: str, viewport: dict[str, int]) -> Page:
    page = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    page.goto(f"{site}/sign-in")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    return page


def assert_fits(page: Page, path: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} is {overflow}px wider than the window: {page.evaluate(WIDE)}"
    hidden = page.evaluate(
        "[...document.querySelectorAll('.scroll')].filter(s => s.querySelector('.heatmap, .layers'))"
        ".map(s => s.scrollWidth - s.clientWidth)"
    )
    assert hidden and max(hidden) <= 1, f"{path} hides {hidden}px of a table in a sideways scroll"


def right_edge(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not on the page"
    return float(box["x"] + box["width"])


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_team_heatmap_shows_every_layer_and_its_whole_caption(browser: Browser, site: str, size: str) -> None:
    viewport = VIEWPORTS[size]
    page = signed_in(browser, site, viewport)
    page.goto(f"{site}{TEAM_PATH}")
    expect(page.get_by_role("heading", name="Team Research & Data Science")).to_be_visible()
    assert_fits(page, TEAM_PATH)
    assert page.locator("table.heatmap tbody tr").count() == 5
    assert right_edge(page, "table.heatmap thead th:last-child") <= viewport["width"]  # L6 on screen
    caption = page.locator("table.heatmap caption")
    assert caption.evaluate("c => c.scrollWidth <= c.clientWidth")
    assert right_edge(page, "table.heatmap caption") <= viewport["width"]
    shot(page, f"20-team-{size}")
    page.context.close()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_person_layers_show_freshness_and_next_on_screen(browser: Browser, site: str, size: str) -> None:
    viewport = VIEWPORTS[size]
    page = signed_in(browser, site, viewport)
    page.goto(f"{site}/people/P2")
    expect(page.get_by_role("heading", name="Jean-Baptiste Nguyen van der Berg")).to_be_visible()
    assert_fits(page, "/people/P2")
    rows = page.locator("table.layers tbody tr")
    assert rows.count() >= 3
    for index in range(rows.count()):
        for label in ("Freshness", "Next"):
            cell = rows.nth(index).locator(f"td[data-label='{label}']")
            expect(cell).to_be_visible()
            box = cell.bounding_box()
            assert box is not None and box["x"] + box["width"] <= viewport["width"], (index, label, box)
    first = rows.first.bounding_box()
    assert first is not None and first["height"] < viewport["height"] / 2  # no tall, mostly empty rows
    expect(rows.first.locator("td[data-label='Freshness']")).not_to_have_text("")
    shot(page, f"21-person-{size}")
    page.context.close()
