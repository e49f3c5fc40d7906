"""The dashboard's numbers, read in a real browser, are the CLI's numbers (issue 13: one truth).

The enterprise example (120 people and their evidence) goes into a store through the CLI; the
dashboard over the same store is read in chromium (tiles, coverage cells, gaps rows, a team's
heatmap and findings, a person's layers and what is due) and compared with `certpath gaps
--format json`, `certpath status --format json` and `certpath due --format json` on that store.
Screenshots of the overview, team and person pages at 1366x768 and 390x844 are saved to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect
from typer.testing import CliRunner

from certpath.config import Settings
from certpath.interfaces.cli import app
from certpath.interfaces.server import create_app
from certpath.services.accounts import add_user, create_token
from certpath.services.tracking import open_store
from tests.e2e.conftest import PASSWORD, serving
from tests.e2e.test_browser import WIDE, shot
from tests.e2e.test_browser import browser as browser  # the module's chromium fixture
from tests.e2e.test_cli_tracking import EXAMPLES
from tests.factories import account_work

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
TODAY = ["--today", NOW.date().isoformat()]
TEAM = "Data Platform 6"  # the team: Layer 5 needed by nobody in it
PERSON = "E000051"  # holds a DP-100 that expired on 2025-03-29


@dataclass
class Store:
    url: str
    server: str
    token: str

    def cli(self, *args: str) -> Any:
        """Run certpath on this store and read its JSON."""
        result = CliRunner().invoke(app, [*args, *TODAY], env={"CERTPATH_DATABASE_URL": self.url})
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The enterprise example in a SQLite store, imported with the CLI, and the app serving it."""
    folder = tmp_path_factory.mktemp("enterprise")
    url = f"sqlite:///{folder / 'store.db'}"
    env = {"CERTPATH_DATABASE_URL": url, "CERTPATH_ACTOR": "setup"}
    runner = CliRunner()
    roster = str(EXAMPLES / "enterprise-org.successfactors.csv")
    files = [str(p) for p in sorted((EXAMPLES / "evidence").iterdir())]
    for args in (
        ["roster", "import", roster],
        ["evidence", "import", *files, "--map", str(EXAMPLES / "badge-map.yaml")],
    ):
        result = runner.invoke(app, [*args, *TODAY], env=env)
        assert result.exit_code == 0, result.output
    settings = Settings(database_url=url, cache_dir=folder / "cache", actor="setup")
    engine = open_store(settings)
    add_user(account_work(engine, "setup", now=NOW), "admin", PASSWORD, role="admin", person_id=None)
    token = create_token(account_work(engine, "setup", now=NOW), "admin", name="figures")
    with serving(create_app(settings, clock=lambda: NOW)) as address:
        yield Store(url, address, token)


def signed_in(browser: Browser, store: Store, *, width: int, height: int) -> Page:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{store.server}/sign-in")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    return page


def attributes(page: Page, selector: str, *names: str) -> list[tuple[str | None, ...]]:
    """Each element's attributes `names`, read from the rendered page."""
    script = "(els, names) => els.map(e => names.map(n => e.getAttribute(n)))"
    return [tuple(row) for row in page.eval_on_selector_all(selector, script, list(names))]


def test_the_overview_shows_the_numbers_gaps_prints(browser: Browser, store: Store) -> None:
    gaps = store.cli("gaps", "--format", "json")
    due = store.cli("due", "--within", "90d", "--format", "json")
    page = signed_in(browser, store, width=1366, height=768)

    tiles = attributes(page, ".tile[data-layer]", "data-layer", "data-holding", "data-needing")
    expected = [(str(t["layer"]), str(t["holding"]), str(t["needing"])) for t in gaps["totals"]]
    assert tiles == expected and len(tiles) == 6
    # The Layer 1 tile and the AI-literacy count are one number (it was 79 against 97).
    literate = sum(t["with_layer_1"] for t in gaps["ai_literacy_by_team"])
    expect(page.locator(".tile[data-layer='1'] .tile-sub")).to_have_text(
        f"{literate} of 120 who need it hold it"
    )

    # Coverage cells: hold / need and the colour both follow gaps' bus-factor rule.
    cells = {
        (team, int(layer)): (text, covered)
        for team, layer, text, covered in page.eval_on_selector_all(
            "table.coverage tbody tr",
            """rows => rows.flatMap(r => [...r.querySelectorAll('td[data-covered]')].map(
                 c => [r.dataset.team, c.dataset.layer, c.firstChild.textContent, c.dataset.covered]))""",
        )
    }
    from_cli = {
        (t["team"], c["layer"]): (f"{c['holding']}/{c['needing']}", "yes" if c["covered"] else "no")
        for t in gaps["teams"]
        for c in t["layers"]
    }
    assert cells == from_cli and len(cells) > 30
    red = {key for key, (_, covered) in cells.items() if covered == "no"}
    assert red == {(g["team"], g["layer"]) for g in gaps["gaps"]}

    rows = page.eval_on_selector_all(
        "table.gaps tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    assert rows == [
        [
            g["team"],
            f"L{g['layer']}",
            f"{g['holding']} / {g['needing']}",
            str(g["required"] - g["holding"]),
            g["close_with"] or "\u2013",
            f"USD {g['cost_usd']:,.0f}",
        ]
        for g in gaps["gaps"][:20]
    ]
    overdue = sum(i["overdue"] for i in due["items"])
    assert overdue > 0 and page.locator(".tile[data-overdue]").get_attribute("data-overdue") == str(overdue)
    assert page.locator("table.due tbody tr[data-overdue='yes']").count() == min(overdue, 25)
    expect(page.locator("table.due tbody tr").first.locator(".overdue")).to_have_text("overdue")
    shot(page, "figures-overview-1366")
    page.close()


def test_a_team_page_shows_the_standings_status_and_gaps_print(browser: Browser, store: Store) -> None:
    status = store.cli("status", "--team", TEAM, "--format", "json")
    gaps = store.cli("gaps", "--team", TEAM, "--format", "json")
    page = signed_in(browser, store, width=1366, height=768)
    page.goto(f"{store.server}/teams/{quote(TEAM)}")
    shown = {
        (person, int(layer)): state
        for person, layer, state in page.eval_on_selector_all(
            "table.heatmap tbody tr",
            """rows => rows.flatMap(r => [...r.querySelectorAll('td[data-layer]')].map(
                 c => [r.querySelector('a').getAttribute('href').split('/').pop(), c.dataset.layer, c.dataset.state]))""",
        )
    }
    from_status = {(p["id"], s["layer"]): s["mark"] for p in status["people"] for s in p["layers"]}
    from_gaps = {(m["id"], m["layer"]): m["mark"] for m in gaps["members"]}
    assert from_status == from_gaps
    assert {k: v for k, v in shown.items() if v != "not-needed"} == from_status
    assert len(shown) == 6 * len(status["people"])
    # Nobody in the team needs Layer 5, so no finding says the team lacks it: the owner is elsewhere.
    assert all(state == "not-needed" for (_, layer), state in shown.items() if layer == 5)
    findings = page.locator("ul.findings li")
    expect(findings.filter(has_text="nobody owns Layer 5")).to_have_count(0)
    expect(findings.filter(has_text="GOVERNANCE-DAY-ONE")).to_contain_text("owned outside it")
    expect(page.locator("dl.legend dt")).to_have_text(
        ["✓ held", "◔ refresh due", "↻ stale", "! expired", "✗ missing", "\u2013 not needed"]
    )
    shot(page, "figures-team-1366")
    page.close()


def test_a_person_page_marks_the_expired_credential_and_overdue_refreshes(
    browser: Browser, store: Store
) -> None:
    (person,) = store.cli("status", PERSON, "--format", "json")["people"]
    due = store.cli("due", "--member", PERSON, "--overdue", "--format", "json")["items"]
    page = signed_in(browser, store, width=1366, height=768)
    page.goto(f"{store.server}/people/{PERSON}")
    rows = attributes(page, "tr.layer", "data-layer", "data-state")
    assert rows == [(str(s["layer"]), s["mark"]) for s in person["layers"]]
    # The DP-100 that expired in 2025 is listed and marked overdue, in `due --overdue` and on the page.
    (dp100,) = [i for i in due if i["subject"] == "DP-100" and i["kind"] == "expired"]
    expired = page.locator("li[data-overdue='yes']", has_text="DP-100")
    expect(expired).to_contain_text("overdue since 2025-03-29")
    expect(expired).to_contain_text(dp100["action"])
    expect(page.locator("details summary", has_text="DP-100")).to_contain_text("expired 2025-03-29")
    late = [s for s in person["layers"] if s["overdue"]]
    assert page.locator("tr.layer.is-overdue .overdue").count() == len(late)
    # Under the enterprise policy the claimed DP-100 holds nothing, and the page says why.
    claimed = [s for s in person["layers"] if s["claimed"]]
    notes = page.locator("tr.layer .badge.claimed")
    assert claimed and notes.count() == len(claimed)
    expect(notes.first).to_have_text("claimed, not counted under the enterprise policy")
    shot(page, "figures-person-1366")
    page.close()


def test_no_person_page_says_overdue_beside_held(browser: Browser, store: Store) -> None:
    """Issue 13: a layer past the half-life was shown "held" and "overdue" at once."""
    people = store.cli("status", "--format", "json")["people"]  # the policy the pages use
    due = [p for p in people if any(s["mark"] == "refresh-due" for s in p["layers"])]
    stale = [p for p in people if any(s["mark"] == "stale" for s in p["layers"])]
    assert due and stale
    page = signed_in(browser, store, width=1366, height=768)
    for person in (*due[:2], *stale[:2]):
        page.goto(f"{store.server}/people/{person['id']}")
        held = page.locator("tr.layer[data-state='held'], tr.layer[data-state='refresh-due']")
        assert held.count() > 0 or person in stale
        expect(held.locator(".overdue")).to_have_count(0)
        expect(
            page.locator("tr.layer.is-overdue:not([data-state='stale']):not([data-state='expired'])")
        ).to_have_count(0)
    page.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_figure_pages_fit_and_show_their_marks(
    browser: Browser, store: Store, width: int, height: int
) -> None:
    page = signed_in(browser, store, width=width, height=height)
    for path, name in (("/", "overview"), (f"/teams/{quote(TEAM)}", "team"), (f"/people/{PERSON}", "person")):
        page.goto(f"{store.server}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than the window: {page.evaluate(WIDE)}"
        mark = page.locator(".overdue").first
        expect(mark).to_be_visible()
        box = mark.bounding_box()
        # Visible without scrolling sideways: a phone shows the mark, not only a wide screen.
        assert (
            box is not None and box["width"] >= 8 and box["height"] >= 8 and box["x"] + box["width"] <= width
        )
        shot(page, f"figures-{name}-{width}x{height}")
    page.close()


def test_the_api_lists_what_is_overdue_as_due_overdue_does(store: Store) -> None:
    from urllib.request import Request, urlopen

    asked = Request(
        f"{store.server}/api/v1/due?overdue=true", headers={"Authorization": f"Bearer {store.token}"}
    )
    with urlopen(asked, timeout=30) as answer:  # a loopback URL the test server serves
        items = json.loads(answer.read())["items"]
    assert items == store.cli("due", "--overdue", "--format", "json")["items"]
    assert any(i["subject"] == "DP-100" for i in items)
