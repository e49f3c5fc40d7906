"""Uploads ten times the limit, again and again, to a real server: each is a 413 and the server's
memory stays flat (the body is counted as it streams and dropped at the limit, never kept)."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from certpath.config import Settings, UploadLimits
from certpath.services.accounts import add_user, create_token
from certpath.services.tracking import open_store
from tests.e2e.conftest import NOW, free_port
from tests.factories import account_work

LIMIT = UploadLimits().file_bytes
BOUNDARY = "certpath-test-boundary"
#: Growth allowed for the server's resident and peak memory over all the uploads.
BOUND_KB = 16 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, int, str]]:
    """certpath's app under uvicorn in its own process (default limits): (port, pid, API token)."""
    folder = tmp_path_factory.mktemp("memory")
    settings = Settings(database_url=f"sqlite:///{folder / 'm.db'}", cache_dir=folder / "cache")
    engine = open_store(settings)
    add_user(
        account_work(engine, "t", now=NOW), "ld", "correct horse battery", role="ld-admin", person_id=None
    )
    token = create_token(account_work(engine, "t", now=NOW), "ld", name="tests")
    engine.dispose()
    port = free_port()
    env = {**os.environ, "CERTPATH_DATABASE_URL": settings.database_url or "", "CERTPATH_CACHE_DIR": ""}
    for name in ("CERTPATH_MAX_FILE_MB", "CERTPATH_MAX_REQUEST_MB", "CERTPATH_MAX_FILES"):
        env.pop(name, None)
    command = [sys.executable, "-m", "uvicorn", "--factory", "certpath.interfaces.server:app_from_env"]
    process = subprocess.Popen([*command, "--port", str(port), "--log-level", "warning"], env=env)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            break
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None, "the server did not start"
            time.sleep(0.2)
    yield port, process.pid, token
    process.terminate()
    process.wait(timeout=20)


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (resident at its peak) of a process, in kB."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {
        k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in lines) if k in ("VmRSS", "VmHWM")
    }


def post(port: int, path: str, size: int, *, token: str, files: int = 1, chunked: bool = True) -> str:
    """POST `files` parts of `size` bytes in total, in 1 MB chunks, stopping when an answer arrives;
    the status line."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{"file" if files == 1 else "files"}"; '
        f'filename="big{i}.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        for i in range(files)
    ]
    closing = f"\r\n--{BOUNDARY}--\r\n".encode()
    length = sum(map(len, parts)) + size + 2 * (files - 1) + len(closing)
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Authorization: Bearer {token}"]
    head.append(f"Content-Type: multipart/form-data; boundary={BOUNDARY}")
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}")
    block = b"E1,Name,AI Engineer\n" * ((1 << 20) // 20)
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:

        def send(data: bytes) -> None:
            sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)

        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            for index, part in enumerate(parts):
                send(part if index == 0 else b"\r\n" + part)
                for _ in range(size // files // len(block)):
                    if select.select([sock], [], [], 0)[0]:  # answered: stop sending
                        raise BrokenPipeError
                    send(block)
            send(closing)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed the connection before the body ended
        return sock.recv(4096).split(b"\r\n", 1)[0].decode()


def test_ten_times_the_limit_repeatedly_is_413_and_memory_stays_flat(server: tuple[int, int, str]) -> None:
    port, pid, token = server
    size = 10 * LIMIT + 10 * 1024 * 1024  # 260 MB
    assert "413" in post(port, "/api/v1/rosters", size, token=token)  # warm-up: first request's imports
    before = memory_kb(pid)
    answers = []
    for _ in range(3):
        answers.append(post(port, "/api/v1/rosters", size, token=token))
        answers.append(post(port, "/api/v1/rosters", size, token=token, chunked=False))
        answers.append(post(port, "/api/v1/evidence/files", size, token=token, files=8))
    after = memory_kb(pid)
    assert all(" 413 " in a for a in answers), answers
    assert after["VmRSS"] - before["VmRSS"] < BOUND_KB, (before, after)
    assert after["VmHWM"] - before["VmHWM"] < BOUND_KB, (before, after)
