"""The API docs work offline under the app's own CSP, and unknown pages answer each client in its
language: the dashboard's error page for a browser, the JSON error for an API client."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Request, sync_playwright

from tests.e2e.conftest import PASSWORD, Org
from tests.e2e.test_browser import CHROMIUM, FLAGS, shot

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Assets(HTMLParser):
    """The URLs a page loads: scripts, stylesheets, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        url = found.get("src") if tag in ("script", "img") else found.get("href") if tag == "link" else None
        if url:
            self.urls.append(url)


def test_the_docs_page_and_every_asset_it_loads_come_from_the_app(org: Org) -> None:
    client = org.client()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "<script>" not in page.text  # no inline script: Swagger UI starts from a served file
    parser = Assets()
    parser.feed(page.text)
    assert len(parser.urls) >= 4, parser.urls  # stylesheet, icon, Swagger UI, its starter
    for url in parser.urls:
        assert url.startswith("/api/v1/docs/"), f"{url} is not served by the app"
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 200, url
    starter = client.get("/api/v1/docs/swagger-init.js").text
    assert "SwaggerUIBundle(" in starter and "/api/v1/openapi.json" in page.text
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "certpath"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def test_swagger_ui_renders_offline_without_breaking_the_csp(browser: Browser, live_server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    complaints: list[str] = []
    elsewhere: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            complaints.append(message.text)

    def request(sent: Request) -> None:
        if not sent.url.startswith(live_server):
            elsewhere.append(sent.url)

    page.on("console", console)
    page.on("request", request)
    page.goto(f"{live_server}/api/v1/docs")
    page.locator(".opblock").first.wait_for(timeout=15000)  # the operations, read from openapi.json
    assert page.locator(".opblock").count() > 20
    assert page.get_by_text("/api/v1/plans").first.is_visible()
    shot(page, "20-api-docs")
    assert complaints == [] and elsewhere == []
    page.close()


def test_a_browser_gets_the_error_page_for_an_unknown_page(org: Org) -> None:
    client = org.client()
    answer = client.get("/no/such/<b>page</b>", headers={"Accept": BROWSER})
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in answer.text and '<a href="/">' in answer.text
    assert "/no/such/&lt;b&gt;page&lt;/b&gt;" in answer.text and "<b>page" not in answer.text
    wrong = client.delete("/plans", headers={"Accept": BROWSER})
    assert wrong.status_code == 405 and wrong.headers["content-type"].startswith("text/html")
    assert "does not take DELETE requests" in wrong.text and "GET" in wrong.headers["allow"]


def test_the_error_page_keeps_the_navigation_for_someone_signed_in(org: Org) -> None:
    client = org.client()
    signed = client.post("/api/v1/session", json={"username": "auditor", "password": PASSWORD})
    assert signed.status_code == 200
    answer = client.get("/nothing-here", headers={"Accept": BROWSER})
    assert answer.status_code == 404 and 'aria-label="Main"' in answer.text and "auditor" in answer.text


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/v1/nothing", BROWSER),  # under /api/: always JSON
        ("/api/v1/nothing", "*/*"),
        ("/nothing", "application/json"),  # an API client elsewhere
    ],
)
def test_api_clients_get_the_json_error_shape(org: Org, path: str, accept: str) -> None:
    answer = org.client().get(path, headers={"Accept": accept})
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert error["code"] == "not-found" and path in error["message"]
    assert set(error) == {"code", "message", "location", "issues"}


def test_a_wrong_method_on_the_api_is_a_json_405_with_allow(org: Org) -> None:
    answer = org.client("admin").delete("/api/v1/plans")
    assert answer.status_code == 405 and "GET" in answer.headers["allow"]
    error = answer.json()["error"]
    assert error["code"] == "method-not-allowed" and "does not take DELETE" in error["message"]


def test_a_json_client_of_a_dashboard_page_gets_json_errors(org: Org) -> None:
    client = org.client()
    signed = client.post("/api/v1/session", json={"username": "member", "password": PASSWORD})
    assert signed.status_code == 200
    answer = client.get("/audit-log", headers={"Accept": "application/json"})  # a member may not
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"
    page = client.get("/audit-log", headers={"Accept": BROWSER})
    assert page.status_code == 403 and "<h1>Not allowed</h1>" in page.text
