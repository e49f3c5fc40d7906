"""Stored text is inert everywhere it is shown: hostile markup planted in every text field a user or
an imported file controls comes back as text on every dashboard page and in the HTML plan report.

The organisation below is built through the product's own doors (roster upload and import, the
evidence API with Credly and Open Badges files, the plan API, the record form), so the test
follows the data wherever a page picks it up. Each page is parsed with html.parser and checked
for elements and attributes a payload would add; the payloads' text must still be on the pages.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from playwright.sync_api import Browser, Dialog, sync_playwright

import certpath
from certpath.config import Settings
from certpath.interfaces.server import create_app
from certpath.services.accounts import add_user
from certpath.services.tracking import open_store
from tests.e2e.conftest import NOW, PASSWORD, Org
from tests.e2e.test_browser import CHROMIUM, FLAGS, WIDE, shot
from tests.factories import account_work

SCRIPT = "<script>alert(1)</script>"
REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
STYLE = "<style>body{display:none}</style>"
IMG = '"><img src=x onerror=alert(1)>'
FORM = "<form action=https://evil.example>"
PAYLOADS = (SCRIPT, REFRESH, STYLE, IMG, FORM)
JS_URL = "javascript:alert(1)"

#: Teams appear in page paths, so their payloads carry no "/" (a path segment cannot hold one).
TEAM = f"Data {IMG}"
OTHER_TEAM = "Apps / ML <b onmouseover=alert(1)>x"  # "/" as in real team names
PEOPLE = {  # id -> (name, job title, team, manager id)
    "H1": (f"Ada {SCRIPT}", f"Chief Technology Officer {STYLE}", "Leadership", ""),
    "H2": (f"Bea {REFRESH}", f"Data Engineer {FORM}", TEAM, "H1"),
    "H3": (f"Cyd {STYLE}", f"ML Engineer {SCRIPT}", TEAM, "H2"),
    "H4": (f"Dev {IMG}", f"AI Engineer {IMG}", OTHER_TEAM, "H1"),
    "H5": (f"Eve {FORM}", "Data Scientist", OTHER_TEAM, "H4"),
    "H6": ("Fay Nomad", "AI Engineer", "", REFRESH),  # no team: she joins "team of <manager>"
    f"H7{IMG}": ("Gus $\\oops$ Oddid", "Data Engineer", TEAM, "H2"),  # TeX to Matplotlib
}
ROSTER_FILE = f"{IMG}.csv"
EXAMPLES = Path(certpath.__file__).parent / "examples" / "evidence"


def roster_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["employee_id", "name", "email", "job_title", "team", "manager_id"])
    for n, (person, (name, title, team, manager)) in enumerate(PEOPLE.items(), 1):
        writer.writerow([person, name, f"h{n}@example.com", title, team, manager])
    return out.getvalue().encode()


def credly_file() -> bytes:
    badge = {
        "id": "cafe0000-0000-4000-8000-000000000001",
        "state": "accepted",
        "issued_at_date": "2026-10-01",
        "issuer_earner_id": "H3",
        "recipient_email": "h3@example.com",
        "badge_template": {"id": "tmpl-hostile", "name": f"Hostile badge {SCRIPT} {REFRESH}"},
        "issuer": {"entities": [{"entity": {"name": f"Issuer {STYLE} {IMG} {FORM}"}}]},
    }
    return json.dumps({"data": [badge]}).encode()


def open_badge_file() -> bytes:
    badge = json.loads((EXAMPLES / "hosted-badge.ob2.json").read_text())
    badge["recipient"] = {"type": "email", "hashed": False, "identity": "h2@example.com"}
    badge["badge"]["name"] = f"Open badge {IMG} {FORM}"
    badge["badge"]["issuer"]["name"] = f"School {SCRIPT} {REFRESH} {STYLE}"
    return json.dumps(badge).encode()


@dataclass
class Hostile:
    """The hostile organisation: its app, an admin's signed-in client, and what was planted."""

    org: Org
    admin: TestClient
    plan: int = 0
    upload: int = 0  # a second upload of the roster, left uncommitted so its preview lists the people
    pages: dict[str, str] = field(default_factory=dict)  # what each page answered, by a short name


def signed_in(org: Org, user: str = "admin") -> TestClient:
    client = TestClient(org.app, base_url="http://127.0.0.1")
    client.headers["Accept"] = "text/html,application/xhtml+xml,*/*;q=0.8"  # as a browser asks
    answer = client.post("/api/v1/session", json={"username": user, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client


def build_hostile(folder: Path) -> Hostile:
    settings = Settings(
        database_url=f"sqlite:///{folder / 'hostile.db'}", cache_dir=folder / "cache", actor="setup"
    )
    engine = open_store(settings)
    add_user(account_work(engine, "setup", now=NOW), "admin", PASSWORD, role="admin", person_id=None)
    org = Org(settings, engine, create_app(settings, clock=lambda: NOW))
    hostile = Hostile(org, signed_in(org))
    plant(hostile)
    return hostile


def plant(hostile: Hostile) -> None:
    """Everything goes in through the API, as an admin: roster, evidence files, records, a plan."""
    api = hostile.admin
    upload = api.post("/api/v1/rosters", files={"file": (ROSTER_FILE, roster_csv(), "text/csv")})
    assert upload.status_code in (200, 201), upload.text
    assert upload.json()["ok"], upload.json()["issues"]
    titles = {c["title"]: c["role"] for c in upload.json()["titles_to_confirm"]}  # as the form sends
    commit = f"/api/v1/rosters/{upload.json()['upload_id']}/commit"
    assert api.post(commit, json={"titles": titles}).status_code in (200, 201)
    again = api.post("/api/v1/rosters", files={"file": (ROSTER_FILE, roster_csv(), "text/csv")})
    assert again.status_code in (200, 201) and again.json()["people"], again.text
    hostile.upload = again.json()["upload_id"]
    for name, data in (("credly.json", credly_file()), ("badge.json", open_badge_file())):
        answer = api.post("/api/v1/evidence/files", files=[("files", (name, data, "application/json"))])
        assert answer.status_code == 201, answer.text
    for day, url in enumerate((JS_URL, " JavaScript:alert(1)", "https://lms.example.com/ok"), 1):
        record = {"member": "H4", "item": "L1-EVERYONE", "completed_on": f"2026-10-0{day}"}
        answer = api.post("/api/v1/evidence", json={**record, "url": url, "note": f"Note {SCRIPT} {FORM}"})
        assert answer.status_code == 201, answer.text
    plan = api.post(
        "/api/v1/plans", json={"title": f"Plan {REFRESH} {STYLE}", "team": TEAM, "time_limit_s": 2}
    )
    assert plan.status_code == 201, plan.text
    hostile.plan = plan.json()["id"]
    assert api.post(f"/api/v1/plans/{hostile.plan}/accept").status_code == 200


@pytest.fixture(scope="module")
def org(hostile: Hostile) -> Org:
    """The hostile organisation stands in for conftest's, so `live_server` serves it."""
    return hostile.org


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Markup(HTMLParser):
    """Every start tag with its attributes and its parent's tag, and the text (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.parents: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self.parents.append(self.open[-1] if self.open else "")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Markup:
    parsed = Markup()
    parsed.feed(html)
    parsed.close()
    return parsed


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")
META_ALLOWED = ({"charset"}, {"name", "content"}, {"http-equiv", "content"})


def planted_markup(html: str, *, report: bool = False) -> list[str]:
    """Elements and attributes in `html` that only a payload could have put there."""
    found = []
    parsed = parse(html)
    for (tag, attrs), parent in zip(parsed.tags, parsed.parents, strict=True):
        found += [f"<{tag} {name}=...>" for name in attrs if name.startswith("on")]
        for name in URL_ATTRIBUTES:
            value = attrs.get(name, "").strip().lower()
            if value.startswith(("javascript:", "data:", "vbscript:")) or "evil" in urlsplit(value).netloc:
                found.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag in ("script", "img", "iframe", "object", "embed", "base"):
            found.append(f"<{tag}>")
        elif tag == "meta" and (
            set(attrs) not in META_ALLOWED
            or attrs.get("http-equiv", "content-security-policy").lower() != "content-security-policy"
        ):
            found.append(f"<meta {attrs}>")
        elif tag == "form" and (report or not attrs.get("action", "").startswith("/")):
            found.append(f"<form {attrs}>")
        elif tag == "link" and not attrs.get("href", "").startswith("/static/"):
            found.append(f"<link {attrs}>")
        elif tag == "style" and not (report and parent in ("head", "defs")):
            found.append(f"<style> in <{parent}>")  # the report's own, and each chart's in its <defs>
    return found


def text_of(html: str) -> str:
    return " ".join(parse(html).text)


def page(hostile: Hostile, name: str, path: str, *, status: int = 200, method: str = "GET") -> str:
    answer = hostile.admin.request(method, path)
    assert answer.status_code == status, f"{path}: {answer.status_code} {answer.text[:300]}"
    assert answer.headers["content-type"].startswith("text/html"), path
    hostile.pages[name] = answer.text
    return answer.text


def every_page(hostile: Hostile) -> dict[str, str]:
    """Every dashboard page that shows stored text, with the hostile data in it."""
    for person in PEOPLE:
        page(hostile, f"person {person}", f"/people/{quote(person, safe='')}")
    page(hostile, "overview", "/")
    page(hostile, "team", f"/teams/{quote(TEAM, safe='')}")
    page(hostile, "other team", f"/teams/{quote(OTHER_TEAM, safe='')}")
    page(hostile, "other team as the overview links it", f"/teams/{quote(OTHER_TEAM)}")  # "/" left as is
    page(hostile, "plans", "/plans")
    page(hostile, "plan", f"/plans/{hostile.plan}")
    page(hostile, "roster preview", f"/rosters/{hostile.upload}")
    page(hostile, "audit log", f"/audit-log?actor={quote(SCRIPT)}&action={quote(IMG)}")
    page(hostile, "audit log, all", "/audit-log")
    page(hostile, "unknown person", f"/people/{quote(IMG, safe='')}", status=404)
    page(hostile, "unknown page", f"/nowhere/{quote(IMG, safe='')}", status=404)
    page(hostile, "method not allowed", f"/plans/{hostile.plan}", status=405, method="DELETE")
    advisor = hostile.admin.post(
        "/advisor", data={"csrf_token": hostile.admin.headers["X-CSRF-Token"], "have": f"AZ-900, {SCRIPT}"}
    )
    assert advisor.headers["content-type"].startswith("text/html")
    hostile.pages["advisor (unknown id)"] = advisor.text
    titled = hostile.admin.post(
        "/advisor", data={"csrf_token": hostile.admin.headers["X-CSRF-Token"], "title": f"Head of {SCRIPT}"}
    )
    assert titled.headers["content-type"].startswith("text/html")
    hostile.pages["advisor (unmatched title)"] = titled.text
    record = hostile.admin.post(
        "/people/H2/evidence",
        data={
            "csrf_token": hostile.admin.headers["X-CSRF-Token"],
            "item": STYLE,
            "completed_on": "2026-10-01",
        },
    )
    assert record.status_code >= 400 and record.headers["content-type"].startswith("text/html")
    hostile.pages["error page (bad record form)"] = record.text
    return hostile.pages


def test_every_dashboard_page_shows_stored_text_as_text(hostile: Hostile) -> None:
    pages = every_page(hostile)
    problems = {name: planted for name, html in pages.items() if (planted := planted_markup(html))}
    assert not problems, f"payload markup on dashboard pages: {problems}"
    shown = " ".join(text_of(html) for html in pages.values())
    for payload in (*PAYLOADS, JS_URL, OTHER_TEAM):
        assert payload in shown, f"{payload!r} is on no page: was it planted?"
    assert STYLE in text_of(pages["error page (bad record form)"])
    assert IMG in text_of(pages["unknown page"])
    assert f"Plan {REFRESH} {STYLE}" in text_of(pages["plans"])
    assert f"Team {TEAM}" in text_of(pages["team"]) and PEOPLE["H3"][0] in text_of(pages["team"])
    assert f"Issued by Issuer {STYLE} {IMG} {FORM}" in text_of(pages["person H3"])
    assert "Ada" in text_of(pages["audit log, all"]) and "Bea" in text_of(pages["roster preview"])


def test_the_person_page_shows_names_badges_notes_and_links_as_text(hostile: Hostile) -> None:
    h2 = text_of(page(hostile, "person H2", "/people/H2"))
    assert PEOPLE["H2"][0] in h2 and "Open badge" in h2 and REFRESH in h2 and FORM in h2
    html = page(hostile, "person H4", "/people/H4")
    assert f"Note {SCRIPT} {FORM}" in text_of(html) and JS_URL in text_of(html)
    links = [
        attrs["href"] for tag, attrs in parse(html).tags if tag == "a" and "nofollow" in attrs.get("rel", "")
    ]
    assert links == ["https://lms.example.com/ok"]  # only the http(s) evidence link is a link


def test_the_html_plan_report_is_inert_and_locked_down(hostile: Hostile) -> None:
    answer = hostile.admin.get(f"/api/v1/plans/{hostile.plan}/files/html")
    assert answer.status_code == 200, answer.text
    html = answer.text
    assert planted_markup(html, report=True) == []
    policy = [
        attrs
        for tag, attrs in parse(html).tags
        if attrs.get("http-equiv", "").lower() == "content-security-policy"
    ]
    assert policy == [
        {
            "http-equiv": "Content-Security-Policy",
            "content": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        }
    ]
    shown = text_of(html)
    for payload in (PEOPLE["H2"][0], PEOPLE["H3"][0], PEOPLE[f"H7{IMG}"][0]):
        assert payload.split(" ", 1)[1] in shown  # the names, in the tables and inside the SVG charts


def test_the_checks_catch_live_markup() -> None:
    """The checker itself: each payload, unescaped, is reported; escaped, it is not."""
    for payload in PAYLOADS:
        assert planted_markup(f"<p>{payload}</p>"), payload
        assert planted_markup(f"<p>{escape(payload)}</p><a href='{escape(payload)}'>x</a>") == []
    assert planted_markup(f'<a href="{JS_URL}">x</a>')


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def test_in_a_browser_no_script_runs_and_no_page_navigates_away(
    browser: Browser, live_server: str, hostile: Hostile
) -> None:
    # The CSP would stop inline script on its own; bypass it so this shows escaping alone suffices.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/")
    for path, name in (
        ("/people/H2", "15-hostile-person"),
        ("/people/H4", "16-hostile-person-links"),
        ("/plans", "17-hostile-plans"),
        (f"/plans/{hostile.plan}", "18-hostile-plan"),
        (f"/teams/{quote(TEAM, safe='')}", "19-hostile-team"),
    ):
        target = f"{live_server}{path}"
        page.goto(target)
        page.wait_for_timeout(1200)  # a meta refresh of 0 s would have left by now
        assert page.url == target, f"{path} navigated to {page.url}"
        assert page.locator("main h1").is_visible(), f"{path}: the page was hidden"
        assert page.locator("img, script:not([src]), form[action*='evil']").count() == 0, path
        shot(page, name)
    assert dialogs == []
    # Long hostile words (a meta tag's URL, a javascript: URL shown as text) must still fit a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/",
        "/people/H2",
        "/people/H3",
        "/people/H4",
        "/plans",
        f"/plans/{hostile.plan}",
        f"/teams/{quote(TEAM, safe='')}",
        f"/rosters/{hostile.upload}",
        "/audit-log",
    ):
        page.goto(f"{live_server}{path}")
        for summary in page.locator("details summary").all():
            summary.click()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a phone: {page.evaluate(WIDE)}"
    shot(page, "20-hostile-audit-log-phone")
    context.close()


def test_the_plan_report_opened_from_disk_runs_nothing_and_breaks_nothing(
    browser: Browser, hostile: Hostile, tmp_path: Path
) -> None:
    report = tmp_path / "plan.html"
    report.write_bytes(hostile.admin.get(f"/api/v1/plans/{hostile.plan}/files/html").content)
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # its own CSP enforced
    dialogs: list[str] = []
    refused: list[str] = []  # a CSP violation is a console error: the policy must not break the page
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
    page.goto(report.as_uri())
    page.wait_for_timeout(1200)
    assert page.url == report.as_uri() and dialogs == [] and refused == []
    assert page.locator("svg").count() == 3 and page.locator("h1").is_visible()
    shot(page, "21-hostile-plan-report")
    page.close()
