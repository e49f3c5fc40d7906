"""Issuer keys without the network: did:key read from the DID itself, and keys an admin pins.

An admin pins keys by giving certpath a file the issuer publishes: a DID document (did:web
serves it at https://host/.well-known/did.json), a JWKS with the issuer named, or an Open
Badges 2.0 CryptographicKey. Only pinned keys make the key-trusted check pass.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from certpath.errors import EvidenceError, Issue, Location
from certpath.tracking.evidence.multibase import decode_base58btc, ed25519_multikey, ed25519_public_key

Key = str | dict[str, Any]  # an Ed25519 Multikey ('z6Mk…') or a public JWK


@dataclass(frozen=True)
class PinnedKey:
    """One key an admin trusts for an issuer, by the verification method id credentials name it by."""

    issuer: str
    key_id: str
    key: Key
    source: str = field(default="", compare=False)  # the file it came from

    def as_json(self) -> str:
        return json.dumps(self.key, sort_keys=True) if isinstance(self.key, dict) else self.key

    @property
    def kind(self) -> str:
        """What sort of key it is, as a person reads it: 'Ed25519 Multikey' or 'JWK OKP Ed25519'."""
        if isinstance(self.key, str):
            return "Ed25519 Multikey"
        return f"JWK {self.key.get('kty')} {self.key.get('crv') or self.key.get('alg') or ''}".strip()


@dataclass(frozen=True)
class KeyPin:
    """A pinned key in the store, with who pinned it and when (its file is `key.source`)."""

    key: PinnedKey
    pinned_by: str
    pinned_at: datetime


def key_from_json(text: str) -> Key:
    """The stored form of a key back into a Multikey string or a JWK dict."""
    return text if text.startswith("z") else dict(json.loads(text))


def raw_ed25519(key: Key) -> bytes | None:
    """The 32 raw bytes of an Ed25519 key (Multikey or OKP JWK), or None for any other key."""
    try:
        if isinstance(key, str):
            return ed25519_public_key(key)
        if key.get("kty") == "OKP" and key.get("crv") == "Ed25519":
            x = str(key.get("x", ""))
            raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
            return raw if len(raw) == 32 else None
    except (ValueError, TypeError):
        return None
    return None


def did_key_multikey(method: str) -> str | None:
    """The Multikey a `did:key:z6Mk…` (or its `#z6Mk…` verification method) is made of."""
    if not method.startswith("did:key:"):
        return None
    multikey = method.removeprefix("did:key:").partition("#")[0]
    return multikey if raw_ed25519(multikey) is not None else None


def controller_of(method: str) -> str:
    """The DID or URL a verification method belongs to (the part before '#')."""
    return method.partition("#")[0]


def read_trust_file(data: bytes, *, source: str, issuer: str | None = None) -> list[PinnedKey]:
    """The keys in a DID document, a JWKS or an OB 2.0 CryptographicKey; EvidenceError naming what is wrong."""
    try:
        document = json.loads(data.decode("utf-8")) if data.strip() else None
    except ValueError as error:  # not UTF-8, not JSON, or a number Python will not convert
        raise _error(
            source, f"is not valid JSON ({error}); give a DID document, a JWKS or a CryptographicKey"
        ) from None
    if not isinstance(document, dict):
        raise _error(
            source, "is empty or not a JSON object; give a DID document, a JWKS or a CryptographicKey"
        )
    if isinstance(document.get("keys"), list):
        keys = _jwks(document, source, issuer or document.get("issuer"))
    elif document.get("type") == "CryptographicKey" or "publicKeyPem" in document:
        keys = [_cryptographic_key(document, source, issuer)]
    elif str(document.get("id", "")).startswith("did:"):
        keys = _did_document(document, source)
    else:
        raise _error(
            source, 'is neither a DID document (id did:…), a JWKS ({"keys": […]}) nor a CryptographicKey'
        )
    if not keys:
        raise _error(source, "names no Ed25519, RSA or EC public key")
    return [replace(k, source=source) for k in keys]


def _error(source: str, message: str, key: str = "") -> EvidenceError:
    return EvidenceError(source, [Issue(Location(source, key=key), message)])


def _did_document(document: dict[str, Any], source: str) -> list[PinnedKey]:
    did = str(document["id"])
    methods = [m for m in document.get("verificationMethod") or [] if isinstance(m, dict)]
    methods += [m for m in document.get("assertionMethod") or [] if isinstance(m, dict)]
    keys = []
    for index, method in enumerate(methods):
        method_id = str(method.get("id") or "")
        method_id = did + method_id if method_id.startswith("#") else method_id
        key = _method_key(method, source, f"verificationMethod[{index}]")
        keys.append(PinnedKey(did, method_id, key))
    return keys


def _method_key(method: dict[str, Any], source: str, where: str) -> Key:
    if isinstance(method.get("publicKeyMultibase"), str):
        multikey = str(method["publicKeyMultibase"])
        if raw_ed25519(multikey) is None:
            raise _error(source, "publicKeyMultibase is not an Ed25519 Multikey (z6Mk…)", where)
        return multikey
    if isinstance(method.get("publicKeyBase58"), str):  # Ed25519VerificationKey2018: the raw key
        try:
            raw = decode_base58btc("z" + str(method["publicKeyBase58"]))
        except ValueError as error:
            raise _error(source, f"publicKeyBase58 {error}", where) from None
        if len(raw) != 32:
            raise _error(source, "publicKeyBase58 is not a 32-byte Ed25519 key", where)
        return ed25519_multikey(raw)
    if isinstance(method.get("publicKeyJwk"), dict):
        return _public_jwk(method["publicKeyJwk"], source, where)
    raise _error(source, "has none of publicKeyMultibase, publicKeyBase58, publicKeyJwk", where)


def _public_jwk(jwk: dict[str, Any], source: str, where: str) -> dict[str, Any]:
    if "d" in jwk:
        raise _error(source, "is a private key ('d'); pin only public keys, and keep this file secret", where)
    if jwk.get("kty") not in ("OKP", "RSA", "EC"):
        raise _error(source, f"JWK type '{jwk.get('kty')}' is not supported (OKP, RSA or EC)", where)
    return dict(jwk)


def _jwks(document: dict[str, Any], source: str, issuer: object) -> list[PinnedKey]:
    if not isinstance(issuer, str) or not issuer:
        raise _error(
            source, 'is a JWKS, which does not say whose keys these are; add "issuer": "<issuer id>"'
        )
    keys = []
    for index, jwk in enumerate(document["keys"]):
        if not isinstance(jwk, dict):
            raise _error(source, "is not a JWK object", f"keys[{index}]")
        kid = str(jwk.get("kid") or "")
        keys.append(PinnedKey(issuer, kid, _public_jwk(jwk, source, f"keys[{index}]")))
    return keys


def _cryptographic_key(document: dict[str, Any], source: str, issuer: str | None) -> PinnedKey:
    from joserfc.jwk import ECKey, RSAKey

    owner = issuer or str(document.get("owner") or document.get("controller") or "")
    pem = str(document.get("publicKeyPem") or "")
    if not owner:
        raise _error(source, 'is a CryptographicKey without owner; add the issuer\'s id as "owner"')
    for kind in (RSAKey, ECKey):
        try:
            jwk = kind.import_key(pem).as_dict(private=False)
            return PinnedKey(owner, str(document.get("id") or ""), dict(jwk))
        except Exception:  # not this key type: try the next; none fitting is reported below
            continue
    raise _error(source, "publicKeyPem is not an RSA or EC public key in PEM form", "publicKeyPem")
