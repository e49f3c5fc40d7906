"""Upload limits: too big a file or request, or too many files, is a 413 naming the limit, for the
API (JSON) and the dashboard (the error page); nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import func, select

from certpath.config import MB, UploadLimits
from certpath.errors import InputError
from certpath.interfaces.server import create_app
from certpath.tracking.tables import roster_uploads
from tests.e2e.conftest import NOW, PASSWORD, Org

LIMITS = UploadLimits(file_bytes=2000, request_bytes=6000, files=2)
ROSTER = b"employee_id,name,job_title,team\n" + b"".join(
    b"X%d,Person %d,AI Engineer,Labs\n" % (i, i) for i in range(100)
)


@pytest.fixture(scope="module")
def limited(org: Org) -> TestClient:
    """The org's store behind an app with small limits."""
    app = create_app(replace(org.settings, limits=LIMITS), clock=lambda: NOW)
    client = TestClient(app, base_url="http://127.0.0.1")
    client.headers["Authorization"] = f"Bearer {org.tokens['admin']}"
    return client


def uploads(org: Org) -> int:
    with org.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(roster_uploads)).scalar_one())


def too_large(response: Response, *needles: str) -> str:
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert error["code"] == "too-large"
    for needle in needles:
        assert needle in error["message"]
    return str(error["message"])


def test_a_file_over_the_limit_is_413_naming_the_limit(org: Org, limited: TestClient) -> None:
    before = uploads(org)
    assert len(ROSTER) > LIMITS.file_bytes
    refused = limited.post("/api/v1/rosters", files={"file": ("big.csv", ROSTER)})
    message = too_large(refused, "big.csv", "2,000 bytes a file", "CERTPATH_MAX_FILE_MB")
    assert f"{len(ROSTER):,} bytes" in message
    evidence = limited.post("/api/v1/evidence/files", files=[("files", ("c.csv", ROSTER))])
    too_large(evidence, "c.csv", "CERTPATH_MAX_FILE_MB")
    assert uploads(org) == before


def test_too_many_files_is_413(limited: TestClient) -> None:
    files = [("files", (f"e{i}.json", b"{}")) for i in range(3)]
    too_large(limited.post("/api/v1/evidence/files", files=files), "3 files", "limit is 2 files a request")


def test_a_request_over_the_limit_is_refused_with_or_without_a_content_length(limited: TestClient) -> None:
    body = b"x" * (LIMITS.request_bytes + 1)
    declared = limited.post("/api/v1/advise", content=body, headers={"Content-Type": "application/json"})
    too_large(declared, "6,000 bytes a request", "CERTPATH_MAX_REQUEST_MB")

    def chunks() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n\r\n'
        for _ in range(10):
            yield b"y" * 1000

    streamed = limited.post(
        "/api/v1/rosters", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert "content-length" not in {k.lower() for k in streamed.request.headers}
    too_large(streamed, "CERTPATH_MAX_REQUEST_MB")


def test_the_dashboard_shows_the_limit_on_its_error_page(org: Org, limited: TestClient) -> None:
    client = TestClient(limited.app, base_url="http://127.0.0.1")
    signed = client.post("/api/v1/session", json={"username": "ld", "password": PASSWORD})
    page = client.post(
        "/rosters",
        data={"csrf_token": signed.json()["csrf_token"]},
        files={"file": ("big.csv", ROSTER)},
    )
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "2,000 bytes a file" in page.text and "big.csv" in page.text
    huge = client.post(
        "/rosters",
        content=b"z" * (LIMITS.request_bytes + 1),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert huge.status_code == 413 and huge.headers["content-type"].startswith("text/html")
    assert "6,000 bytes a request" in huge.text


def test_limits_come_from_the_environment_and_bad_values_name_the_variable() -> None:
    env = {"CERTPATH_MAX_FILE_MB": "10", "CERTPATH_MAX_REQUEST_MB": "0.5", "CERTPATH_MAX_FILES": "3"}
    assert UploadLimits.from_env(env) == UploadLimits(10 * MB, MB // 2, 3)
    assert UploadLimits.from_env({}) == UploadLimits(25 * MB, 50 * MB, 20)
    for name, value in (("CERTPATH_MAX_FILE_MB", "lots"), ("CERTPATH_MAX_FILES", "2.5")):
        with pytest.raises(InputError, match=f"{name}='{value}' is not valid"):
            UploadLimits.from_env({name: value})


def test_deeply_nested_json_evidence_is_a_located_422_not_a_500(limited: TestClient) -> None:
    deep = b"[" * 1000 + b"]" * 1000
    answer = limited.post("/api/v1/evidence/files", files=[("files", ("deep.json", deep))])
    assert answer.status_code == 422, answer.text
    issue = answer.json()["error"]["issues"][0]
    assert "levels deep" in issue["message"] and issue["location"]["line"] == 1
