"""Compact JWS verification for signed Open Badges 2.0 and Open Badges 3.0 VC-JWT, with an algorithm allow-list."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from typing import Any

from certpath.tracking.evidence.multibase import ed25519_public_key

#: Algorithms accepted on a badge: RS256 (required by OB 3.0), ES256, and EdDSA under both its names.
ALGORITHMS = ["RS256", "ES256", "EdDSA", "Ed25519"]


class JoseError(ValueError):
    """The token is malformed or its signature does not verify."""


@dataclass(frozen=True, slots=True)
class Token:
    header: dict[str, Any]
    payload: dict[str, Any]


def peek(token: str) -> Token:
    """Header and payload of a compact JWS, not yet verified."""
    from joserfc import jws

    try:
        extracted = jws.extract_compact(token.strip().encode())
        payload = json.loads(extracted.payload)
    except Exception as error:
        raise JoseError(f"is not a compact JWS with a JSON payload ({type(error).__name__})") from None
    if not isinstance(payload, dict):
        raise JoseError("has a JWS payload that is not a JSON object")
    return Token(dict(extracted.headers()), payload)


def import_key(key: str | dict[str, Any]) -> Any:
    """A joserfc key from a JWK dict or an Ed25519 Multikey string."""
    from joserfc.jwk import ECKey, OKPKey, RSAKey

    if isinstance(key, str):
        import base64

        raw = ed25519_public_key(key)
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": x})
    if "d" in key:
        raise JoseError("a trusted key must be public; this JWK carries a private part ('d')")
    kty = str(key.get("kty"))
    if kty == "RSA":
        return RSAKey.import_key(key)
    if kty == "EC":
        return ECKey.import_key(key)
    if kty == "OKP":
        return OKPKey.import_key(key)
    raise JoseError(f"JWK type '{kty}' is not supported (RSA, EC or OKP)")


def verify(token: str, key: str | dict[str, Any]) -> None:
    """Raise JoseError unless `token`'s signature verifies under `key` with an allowed algorithm."""
    from joserfc import jws

    header = peek(token).header
    if header.get("alg") not in ALGORITHMS:
        raise JoseError(f"algorithm '{header.get('alg')}' is not accepted ({', '.join(ALGORITHMS)})")
    try:
        with warnings.catch_warnings():
            # joserfc flags the name "EdDSA" as superseded by "Ed25519" (RFC 9864); both are Ed25519.
            warnings.simplefilter("ignore")
            jws.deserialize_compact(token.strip(), import_key(key), algorithms=ALGORITHMS)
    except JoseError:
        raise
    except Exception as error:
        raise JoseError(f"the signature does not verify ({type(error).__name__})") from None


def sign(payload: dict[str, Any], private_jwk: dict[str, Any], *, header: dict[str, Any]) -> str:
    """A compact JWS of `payload` (for examples and tests: certpath never issues badges)."""
    from joserfc import jws
    from joserfc.jwk import import_key as import_jwk

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        key = import_jwk(private_jwk)
        return jws.serialize_compact(header, json.dumps(payload).encode(), key, algorithms=ALGORITHMS)
