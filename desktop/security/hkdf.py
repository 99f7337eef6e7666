"""HKDF-SHA256 (RFC 5869) and the audit-chain key, standard library only: the store imports this at opening."""

from __future__ import annotations

import hashlib
import hmac

_AUDIT_INFO = b"guichet audit chain v1"


def hkdf_sha256(ikm: bytes, *, info: bytes, salt: bytes = b"", length: int = 32) -> bytes:
    """Extract then expand."""
    prk = hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()
    out = b""
    block = b""
    counter = 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def derive_audit_key(database_key: bytes) -> bytes:
    """The chain key, derived from the database key: only whoever can open the store can extend the chain."""
    return hkdf_sha256(database_key, info=_AUDIT_INFO)
