"""Who a piece of evidence belongs to: employee ids, emails, and the hashes badges and xAPI use."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Recipients:
    """The people evidence may name, by employee id and by work email (lower case)."""

    ids: frozenset[str]
    emails: Mapping[str, str]  # email -> employee id
    _sha1: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def by_email(self, email: str) -> str | None:
        email = email.strip().lower().removeprefix("mailto:")
        return self.emails.get(email)

    def by_hashed_email(self, identity: str, salt: str | None) -> str | None:
        """Match an Open Badges `sha256$hex` (or `md5$hex`) identity hashed over email + salt."""
        algorithm, _, digest = identity.partition("$")
        if algorithm not in ("sha256", "md5") or not digest:
            return None
        for email, person in self.emails.items():
            text = (email + (salt or "")).encode()
            if hashlib.new(algorithm, text).hexdigest() == digest.lower():
                return person
        return None

    def by_mbox_sha1(self, digest: str) -> str | None:
        """Match an xAPI `mbox_sha1sum`: SHA-1 of the `mailto:` IRI."""
        if not self._sha1:
            for email, person in self.emails.items():
                self._sha1[hashlib.sha1(f"mailto:{email}".encode()).hexdigest()] = person
        return self._sha1.get(digest.lower())
