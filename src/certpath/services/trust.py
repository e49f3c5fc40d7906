"""Issuer keys and status lists an admin supplies, so evidence can be verified without the network."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certpath.errors import EvidenceError, Issue, Location
from certpath.tracking.evidence.badge_map import BadgeMap
from certpath.tracking.evidence.keys import PinnedKey, read_trust_file

if TYPE_CHECKING:
    from certpath.tracking.ports import UnitOfWork

#: Largest status list credential fetched (a list of 131,072 entries is 16 KB before compression).
MAX_FETCH_BYTES = 1024 * 1024


def pin_files(uow: UnitOfWork, paths: list[Path], *, badge_map: BadgeMap) -> list[PinnedKey]:
    """Pin the keys of each trust file (and of the badge map's `trust:` files) inside the caller's
    transaction, log each new one in the audit log, and return every key the store now trusts."""
    for path in paths:
        _pin(uow, read_trust_file(_read(path), source=str(path)), source=str(path))
    _pin(uow, list(badge_map.pinned), source="the badge map")
    return uow.keys.stored()


def _pin(uow: UnitOfWork, keys: list[PinnedKey], *, source: str) -> None:
    for key in uow.keys.pin(keys, source=source, actor=uow.actor, at=uow.now):
        where = key.source or source
        uow.audit.append("trust.pin", "issuer", key.issuer, after={"key_id": key.key_id, "source": where})


def pin_trusted_keys(uow: UnitOfWork, paths: list[Path]) -> list[PinnedKey]:
    """Pin the keys of DID documents, JWKS files or CryptographicKeys; every key trusted afterwards."""
    with uow:
        trusted = pin_files(uow, paths, badge_map=BadgeMap({}))
        uow.commit()
    return trusted


def list_trusted_keys(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every pinned key with its issuer, key id, type, source file, who pinned it and when, by issuer."""
    with uow:
        pins = uow.keys.pins()
    return [
        {
            "issuer": pin.key.issuer,
            "key_id": pin.key.key_id,
            "key_type": pin.key.kind,
            "source": pin.key.source,
            "pinned_by": pin.pinned_by,
            "pinned_at": pin.pinned_at.isoformat(),
        }
        for pin in pins
    ]


def read_status_lists(arguments: Sequence[str | Path]) -> dict[str, dict[str, Any]]:
    """Status list credentials by the URL credentials name them by: their own `id`, or the URL of
    a `URL=FILE` argument (a list downloaded from an address its id does not name); verified when used."""
    lists: dict[str, dict[str, Any]] = {}
    for argument in arguments:
        url, path = _split_status_argument(argument)
        try:
            document = json.loads(_read(path).decode("utf-8") or "null")
        except ValueError as error:  # not UTF-8, not JSON, or a number Python will not convert
            raise _error(path, f"is not a status list credential: not valid JSON ({error})") from None
        if not isinstance(document, dict) or not isinstance(url or document.get("id"), str):
            raise _error(
                path,
                'is not a status list credential: it needs an "id" (the list\'s URL), or give it as URL=FILE',
            )
        lists[url or document["id"]] = document
    return lists


def _split_status_argument(argument: str | Path) -> tuple[str | None, Path]:
    """`URL=FILE` into its URL and file; anything else is a file."""
    text = str(argument)  # only a str can carry a URL: pathlib folds its '//'
    if isinstance(argument, str) and text.startswith(("https://", "http://")) and "=" in text:
        url, _, file = text.rpartition("=")
        return url, Path(file)
    return None, Path(text)


def fetch_url(url: str) -> bytes:
    """The body at an https URL, at most MAX_FETCH_BYTES; used only when CERTPATH_ALLOW_NETWORK is on."""
    if not url.startswith("https://"):
        raise OSError(f"only https URLs are fetched, not {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/vc+ld+json, application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # https only, checked above
        body: bytes = response.read(MAX_FETCH_BYTES + 1)
    if len(body) > MAX_FETCH_BYTES:
        raise OSError(f"the response is larger than {MAX_FETCH_BYTES:,} bytes")
    return body


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise _error(path, f"cannot be read: {error.strerror}") from None


def _error(path: Path, message: str) -> EvidenceError:
    return EvidenceError(str(path), [Issue(Location(str(path)), message)])
