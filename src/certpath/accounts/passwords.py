"""Password hashing (argon2id) and random secrets for sessions, CSRF and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

#: Shortest password `certpath user add` accepts.
MIN_PASSWORD = 12


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile


def hash_password(password: str) -> str:
    """An argon2id hash (salted; the parameters travel inside the string)."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether `password` matches `stored_hash`; False for a wrong password or a damaged hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


#: A hash of a throwaway password, verified against when the user does not exist, so that an
#: unknown name takes as long to refuse as a wrong password.
@lru_cache(maxsize=1)
def dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def new_secret() -> str:
    """A random URL-safe secret of 256 bits (session cookie, CSRF token, API token)."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 of a secret, which is what the database keeps."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def generate_password() -> str:
    """A random password for the first admin, shown once."""
    return secrets.token_urlsafe(15)
