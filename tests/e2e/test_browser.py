"""A real browser (Debian's chromium driven by Playwright) walks the dashboard: sign in, upload a
roster (first a broken one), build and accept a plan, record evidence and see the heatmap change.
Each page's screenshot is saved under artifacts/screenshots/ (or $CERTPATH_SCREENSHOTS) to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.conftest import DATA, PASSWORD, Org

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("CERTPATH_SCREENSHOTS") or ROOT / "artifacts" / "screenshots")
CHROMIUM = os.environ.get("CERTPATH_CHROMIUM", "/usr/bin/chromium")
LABS = "employee_id,name,email,job_title,team,manager_id\nL1,Lia Lab,l1@example.com,AI Engineer,Labs,E1\nL2,Max Lab,l2@example.com,Data Scientist,Labs,L1\n"
# Quiet flags: this machine has no internet, and chromium's background calls would only fail.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Elements sticking out past the right edge of the window (outside the scrolling tables).
WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
  .slice(0, 5).map(e => `${e.tagName}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}px`)"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: scripts/setup test installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def cell(page: Page, name: str, layer: int) -> str:
    row = page.locator("table.heatmap tbody tr", has=page.get_by_role("link", name=name))
    return str(row.locator(f"td[data-layer='{layer}']").get_attribute("data-state"))


def test_the_dashboard_journey(browser: Browser, live_server: str, org: Org, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server}/teams/Data")
    expect(page).to_have_url(f"{live_server}/sign-in?next=/teams/Data")
    shot(page, "01-sign-in")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Team Data")).to_be_visible()
    page.goto(f"{live_server}/")
    expect(page.get_by_role("heading", name="Layers covered by team")).to_be_visible()
    shot(page, "02-overview")

    # A broken roster: every problem with its line, and nothing imported.
    page.get_by_role("link", name="Roster").click()
    page.get_by_label("HR export").set_input_files(str(DATA / "rosters" / "broken.csv"))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing can be imported")
    assert page.locator("table.issues tbody tr").count() >= 5
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    shot(page, "03-roster-problems")

    labs = tmp_path / "labs.csv"
    labs.write_text(LABS)
    page.goto(f"{live_server}/rosters")
    page.get_by_label("HR export").set_input_files(str(labs))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("2 people: 2 new")).to_be_visible()
    shot(page, "04-roster-preview")
    page.get_by_role("button", name="Import 2 people").click()
    expect(page.get_by_role("status")).to_contain_text("2 added")
    shot(page, "05-roster-imported")

    # The plan builder: team, budget, start, horizon -> plan -> accept.
    page.goto(f"{live_server}/plans")
    page.get_by_label("Team").select_option("Labs")
    page.get_by_label("Budget (USD)").fill("40000")
    page.get_by_label("Horizon").fill("13w")
    page.get_by_role("button", name="Build plan").click()
    expect(page.locator("h1 .badge")).to_have_text("draft")
    assert page.locator(".gantt .bar").count() >= 2
    page.get_by_role("button", name="Accept plan").click()
    expect(page.locator("h1 .badge")).to_have_text("accepted")
    shot(page, "06-plan")

    # The heatmap before and after recording Layer 1 for Lia.
    page.goto(f"{live_server}/teams/Labs")
    assert cell(page, "Lia Lab", 1) == "missing"
    expect(page.locator(".gantt .bar").first).to_be_visible()
    shot(page, "07-team-before")
    page.get_by_role("link", name="Lia Lab").click()
    page.get_by_label("Course or credential").fill("L1-TECHNICAL")
    page.get_by_role("button", name="Record").click()
    expect(page.locator("details summary").first).to_contain_text("L1-TECHNICAL")
    page.locator("details summary").first.click()
    expect(page.locator("table.checks").first).to_contain_text("signature")
    shot(page, "08-person")
    page.get_by_role("link", name="Labs").first.click()
    assert cell(page, "Lia Lab", 1) == "held"
    assert cell(page, "Max Lab", 1) == "missing"
    shot(page, "09-team-after")

    page.get_by_role("link", name="Advisor").click()
    page.get_by_label("Background").select_option("data-analyst")
    page.get_by_label("Cloud").select_option("aws")
    page.get_by_label("Budget (USD, optional)").fill("600")
    page.get_by_role("button", name="Advise").click()
    assert page.locator("table tbody tr").count() >= 2
    shot(page, "10-advisor")

    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("table")).to_contain_text("plan.accept")
    expect(page.locator("table")).to_contain_text("read.person")
    shot(page, "11-audit-log")
    page.close()


def test_pages_work_from_the_keyboard_and_fit_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server}/sign-in")
    expect(page.get_by_label("User name")).to_be_focused()  # autofocus
    page.keyboard.type("manager")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    for path, name in (
        ("/", "12-overview-phone"),
        ("/teams/Data", "13-team-phone"),
        ("/people/E3", "14-person-phone"),
    ):
        page.goto(f"{live_server}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a phone: {page.evaluate(WIDE)}"
        shot(page, name)
    page.goto(f"{live_server}/teams/Apps")  # outside the manager's chain
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    context.close()


def test_user_administration_pages_fit_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    for path, name in (
        ("/users", "15-users-phone"),
        ("/users/member", "16-user-phone"),
        ("/account/password", "17-password-phone"),
    ):
        page.goto(f"{live_server}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a phone: {page.evaluate(WIDE)}"
        shot(page, name)
    page.goto(f"{live_server}/users/member")
    expect(page.get_by_role("button", name="Revoke token")).to_have_count(1)
    expect(page.get_by_label("Role")).to_have_value("member")
    context.close()
