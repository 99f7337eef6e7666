"""Chip Authentication (ICAO 9303-11, 6.2, version 1 with ECDH and AES): key agreement with the chip's static key
from DG14, then secure messaging under the agreed keys. Only the chip holding the private key can answer under them,
so a chip that does proves it is no copy (when DG14 itself passed passive authentication)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from desktop.devices.cards import crypto
from desktop.devices.cards.apdu import Apdu
from desktop.devices.cards.ec import Curve, Point, base_mul, shared_x
from desktop.devices.cards.eckeys import OID_EC_PUBLIC_KEY, curve_of
from desktop.devices.cards.errors import LdsError, TlvError, UnsupportedAlgorithmError
from desktop.devices.cards.sm import SecureChannel
from desktop.devices.cards.tlv import Tlv, encode, oid_decode, oid_encode, parse_single
from desktop.i18n import _

OID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"
OID_CA_ECDH_PREFIX = "0.4.0.127.0.7.2.2.3.2."
# id-CA-ECDH-AES-CBC-CMAC-128/192/256 and their key sizes; 3DES (…3.2.1) needs MSE:Set KAT and is not done.
CA_AES_KEY_BITS = {OID_CA_ECDH_PREFIX + "2": 128, OID_CA_ECDH_PREFIX + "3": 192, OID_CA_ECDH_PREFIX + "4": 256}


@dataclass(frozen=True, slots=True)
class ChipKey:
    """The chip's static Chip Authentication key of DG14 and the protocol to use with it."""

    protocol: str
    curve: Curve
    point: tuple[int, int]
    key_id: int | None = None


def _curve_of(parameters: Tlv) -> Curve:
    """A named curve, or explicit domain parameters (as many chips write them) matched to a curve we know."""
    try:
        return curve_of(parameters)
    except UnsupportedAlgorithmError as exc:
        raise LdsError(_("courbe de DG14 non prise en charge")) from exc


def chip_key(dg14: bytes) -> ChipKey | None:
    """The ECDH-AES Chip Authentication key DG14 offers, None when it offers none we can use."""
    protocol: str | None = None
    keys: dict[int | None, tuple[Curve, tuple[int, int]]] = {}
    try:
        for info in parse_single(dg14, 0x6E).child(0x31).children():
            parts = info.children()
            if not parts:
                continue
            oid = oid_decode(parts[0])
            if oid in CA_AES_KEY_BITS and protocol is None:
                protocol = oid
            elif oid == OID_PK_ECDH and len(parts) >= 2:
                algorithm, bits = parts[1].children()[:2]
                pieces = algorithm.children()
                if oid_decode(pieces[0]) != OID_EC_PUBLIC_KEY:
                    continue
                curve = _curve_of(pieces[1])
                key_id = int.from_bytes(parts[2].value, "big") if len(parts) > 2 else None
                keys[key_id] = (curve, curve.decode(bits.value[1:]))
    except (TlvError, IndexError, ValueError) as exc:
        if isinstance(exc, LdsError):
            raise
        raise LdsError("DG14 illisible") from exc
    if protocol is None or not keys:
        return None
    key_id, (curve, point) = next(iter(keys.items()))
    return ChipKey(protocol, curve, point, key_id)


def mse_set_at(key: ChipKey) -> Apdu:
    """MSE:Set AT for Chip Authentication (and the key's reference when DG14 gives one)."""
    data = encode(0x80, oid_encode(key.protocol)[2:])
    if key.key_id is not None:
        data += encode(0x84, key.key_id.to_bytes(max(1, (key.key_id.bit_length() + 7) // 8), "big"))
    return Apdu(0x00, 0x22, 0x41, 0xA4, data)


def session_after(key: ChipKey, shared: int) -> SecureChannel:
    """Secure messaging under the keys both sides now share, counter back to zero."""
    bits = CA_AES_KEY_BITS[key.protocol]
    secret = shared.to_bytes(key.curve.size, "big")
    return SecureChannel(
        "aes",
        crypto.kdf(secret, crypto.KdfPurpose.ENC, cipher="aes", key_bits=bits),
        crypto.kdf(secret, crypto.KdfPurpose.MAC, cipher="aes", key_bits=bits),
    )


def terminal_exchange(key: ChipKey) -> tuple[Apdu, Point, int]:
    """(GENERAL AUTHENTICATE with our ephemeral public key, that key, its private scalar)."""
    private = secrets.randbelow(key.curve.n - 1) + 1
    public = base_mul(key.curve, private)
    command = Apdu(0x00, 0x86, 0x00, 0x00, encode(0x7C, encode(0x80, key.curve.encode(public))), 256)
    return command, public, private


def shared_secret(key: ChipKey, private: int) -> int | None:
    """The x-coordinate of our private scalar times the chip's static key."""
    return shared_x(key.curve, private, key.point)
