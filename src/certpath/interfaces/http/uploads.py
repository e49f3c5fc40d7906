"""Upload limits for every request: bytes per request, bytes per file and files per request.

Starlette's form parser spools each uploaded file to a temporary file on disk (in memory only up
to 1 MB), so an upload is never held whole in memory; but it reads as much as the client sends.
`UploadLimiter` counts the body as it arrives and stops a request as soon as it passes a limit,
with or without a Content-Length; `check_files` then checks the parsed files exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import BinaryIO

from fastapi import UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from certpath.config import MB, UploadLimits
from certpath.errors import TooLargeError
from certpath.interfaces.http.errors import error_response

#: A file part's headers (name, file name, type) come on top of its bytes; allow this much.
PART_HEADERS = 64 * 1024
#: Form fields besides files (the CSRF token, `member`) a request may carry.
FIELDS = 8
_BOUNDARY = re.compile(rb'boundary="?([^";,]+)"?', re.IGNORECASE)


def megabytes(size: int) -> str:
    """A byte count for messages: '25 MB', '0.5 MB', or bytes below 100 KB."""
    return f"{size / MB:.3g} MB" if size >= 100 * 1024 else f"{size:,} bytes"


def request_too_large(limits: UploadLimits) -> TooLargeError:
    return TooLargeError(
        f"The request is larger than the limit of {megabytes(limits.request_bytes)} a request "
        "(CERTPATH_MAX_REQUEST_MB); send fewer or smaller files at a time."
    )


def file_too_large(name: str, limits: UploadLimits, size: int | None = None) -> TooLargeError:
    found = f" is {megabytes(size)}" if size is not None else " is larger than the limit"
    return TooLargeError(
        f"{name}{found}; the limit is {megabytes(limits.file_bytes)} a file (CERTPATH_MAX_FILE_MB). "
        "Split the file, or ask the administrator to raise the limit."
    )


def too_many_files(count: int | None, limits: UploadLimits) -> TooLargeError:
    found = f"has {count} files" if count is not None else "has too many files"
    return TooLargeError(
        f"The request {found}; the limit is {limits.files} files a request (CERTPATH_MAX_FILES). "
        "Upload them in batches."
    )


def check_files(files: Sequence[UploadFile], limits: UploadLimits) -> None:
    """TooLargeError unless the parsed files keep to the number and per-file limits."""
    if len(files) > limits.files:
        raise too_many_files(len(files), limits)
    for upload in files:
        size = upload.size if upload.size is not None else _size_of(upload.file)
        if size > limits.file_bytes:
            raise file_too_large(upload.filename or "the file", limits, size)


def _size_of(stream: BinaryIO) -> int:
    position = stream.tell()
    size = stream.seek(0, 2)
    stream.seek(position)
    return size


class _Parts:
    """Sizes of the parts of a multipart body as it streams past, without keeping it."""

    def __init__(self, boundary: bytes) -> None:
        self.delimiter = b"\r\n--" + boundary
        self.pending = b"\r\n"  # the first delimiter comes without the line break
        self.current = 0
        self.largest = 0
        self.count = 0

    def feed(self, chunk: bytes) -> None:
        data = self.pending + chunk
        start = 0
        while (found := data.find(self.delimiter, start)) != -1:
            self._grow(found - start)
            self.count += 1
            self.current = 0
            start = found + len(self.delimiter)
        # Keep a tail that may be the start of a delimiter split across chunks.
        keep = max(start, len(data) - len(self.delimiter) + 1)
        self._grow(keep - start)
        self.pending = data[keep:]

    def _grow(self, size: int) -> None:
        self.current += size
        self.largest = max(self.largest, self.current)


class _Meter:
    """Counts the body a request sends and notes the first limit it passes."""

    def __init__(self, receive: Receive, limits: UploadLimits, parts: _Parts | None) -> None:
        self._receive = receive
        self.limits = limits
        self.parts = parts
        self.received = 0
        self.error: TooLargeError | None = None

    async def receive(self) -> Message:
        if self.error is not None:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self._count(message.get("body", b""))
            if self.error is not None:
                return {"type": "http.disconnect"}
        return message

    def _count(self, body: bytes) -> None:
        self.received += len(body)
        if self.received > self.limits.request_bytes:
            self.error = request_too_large(self.limits)
            return
        if self.parts is None:
            return
        self.parts.feed(body)
        if self.parts.largest > self.limits.file_bytes + PART_HEADERS:
            self.error = file_too_large("A file", self.limits)
        elif self.parts.count > self.limits.files + FIELDS + 1:
            self.error = too_many_files(None, self.limits)


class UploadLimiter:
    """ASGI middleware: answer 413 as soon as a request body passes a limit (JSON or the error page)."""

    def __init__(self, app: ASGIApp, *, limits: UploadLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"").strip()
        if declared.isdigit() and int(declared) > self.limits.request_bytes:
            await self._refuse(scope, request_too_large(self.limits), send)
            return
        meter = _Meter(receive, self.limits, _parts_of(headers.get(b"content-type", b"")))
        started = False

        async def guarded(message: Message) -> None:
            # Once a limit is passed the app only sees a disconnect; its answer to that is dropped.
            nonlocal started
            if meter.error is None:
                started = True
                await send(message)

        try:
            await self.app(scope, meter.receive, guarded)
        except Exception:
            if meter.error is None:
                raise
        if meter.error is not None and not started:
            await self._refuse(scope, meter.error, send)

    async def _refuse(self, scope: Scope, error: TooLargeError, send: Send) -> None:
        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        # The error page looks up the session in the database: off the event loop.
        response = await run_in_threadpool(error_response, Request(scope), error)
        response.headers["Connection"] = "close"
        await response(scope, nothing, send)


def _parts_of(content_type: bytes) -> _Parts | None:
    if not content_type.lower().startswith(b"multipart/"):
        return None
    found = _BOUNDARY.search(content_type)
    return _Parts(found.group(1)) if found else None
