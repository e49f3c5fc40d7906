"""Multibase base58btc ('z...') and Ed25519 Multikey encoding, as Data Integrity proofs use them."""

from __future__ import annotations

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(_ALPHABET)}
#: Multicodec prefix of an Ed25519 public key (0xed, varint-encoded).
ED25519_PREFIX = b"\xed\x01"


def decode_base58btc(text: str) -> bytes:
    """Bytes of a multibase base58btc string (leading 'z'); ValueError when it is not one."""
    if not text.startswith("z"):
        raise ValueError("is not multibase base58btc (it must start with 'z')")
    digits = text[1:]
    number = 0
    for char in digits:
        if char not in _INDEX:
            raise ValueError(f"has '{char}', which is not a base58 character")
        number = number * 58 + _INDEX[char]
    zeros = len(digits) - len(digits.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\x00" * zeros + body


def encode_base58btc(data: bytes) -> str:
    """The multibase base58btc string ('z' + base58) of `data`."""
    number = int.from_bytes(data, "big")
    chars = []
    while number:
        number, remainder = divmod(number, 58)
        chars.append(_ALPHABET[remainder])
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return "z" + "1" * zeros + "".join(reversed(chars))


def ed25519_public_key(multikey: str) -> bytes:
    """The 32 raw key bytes of a `z6Mk...` Multikey; ValueError when it is not an Ed25519 key."""
    raw = decode_base58btc(multikey)
    if raw[:2] != ED25519_PREFIX or len(raw) != 34:
        raise ValueError("is not an Ed25519 Multikey (expected multicodec 0xed01 and 32 key bytes)")
    return raw[2:]


def ed25519_multikey(public_key: bytes) -> str:
    """The Multikey string of 32 raw Ed25519 public-key bytes."""
    return encode_base58btc(ED25519_PREFIX + public_key)
