"""Sealed boxes: encrypt to an X25519 public key (ephemeral ECDH, HKDF, AES-256-GCM); used for the key escrow."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.security.kdf import hkdf_sha256

_PUB = 32
_NONCE = 12


class SealedBoxError(Exception):
    """The box is malformed or was not sealed for this key."""


def public_bytes(public: X25519PublicKey) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def seal(recipient_public: bytes, plaintext: bytes, *, context: bytes) -> bytes:
    """ephemeral public ‖ nonce ‖ AES-GCM(ciphertext); `context` binds the box to its purpose."""
    ephemeral = X25519PrivateKey.generate()
    eph_pub = public_bytes(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    key = hkdf_sha256(shared, salt=eph_pub + recipient_public, info=b"guichet sealed box v1|" + context)
    nonce = os.urandom(_NONCE)
    return eph_pub + nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def open_sealed(recipient: X25519PrivateKey, box: bytes, *, context: bytes) -> bytes:
    """Open a box sealed for `recipient`; raises SealedBoxError otherwise."""
    if len(box) < _PUB + _NONCE + 16:
        raise SealedBoxError("sealed box too short")
    eph_pub, nonce, ciphertext = box[:_PUB], box[_PUB : _PUB + _NONCE], box[_PUB + _NONCE :]
    own = public_bytes(recipient.public_key())
    try:
        shared = recipient.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        key = hkdf_sha256(shared, salt=eph_pub + own, info=b"guichet sealed box v1|" + context)
        return AESGCM(key).decrypt(nonce, ciphertext, context)
    except (InvalidTag, ValueError):
        raise SealedBoxError("sealed box not for this key or damaged") from None
