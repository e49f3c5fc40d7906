"""The ceiling for serve_load.py: a FastAPI endpoint that does nothing, served the same way."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
def ping() -> dict[str, bool]:
    return {"ok": True}
