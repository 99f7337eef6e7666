"""Audit anchors: the station signs (seq, MAC) of its audit chain with its Ed25519 key; the central store keeps them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_CONTEXT = b"guichet-audit-anchor-v1"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A signed statement: at `at`, station `station_code`'s chain reached `seq` with MAC `mac`."""

    station_code: str
    seq: int
    mac: bytes
    at: datetime
    signature: bytes

    def to_dict(self) -> dict[str, Any]:
        return {
            "station_code": self.station_code,
            "seq": self.seq,
            "mac": self.mac.hex(),
            "at": self.at.astimezone(UTC).isoformat(),
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Anchor:
        """Parse an anchor; raises ValueError on any malformed field."""
        try:
            at = datetime.fromisoformat(str(data["at"]))
            if at.tzinfo is None:
                raise ValueError("naive time")
            mac = bytes.fromhex(str(data["mac"]))
            signature = base64.b64decode(str(data["signature"]), validate=True)
            seq = int(data["seq"])
            station = str(data["station_code"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError("malformed audit anchor") from exc
        if len(mac) != 32 or len(signature) != 64 or seq < 0 or not station:
            raise ValueError("malformed audit anchor")
        return cls(station_code=station, seq=seq, mac=mac, at=at, signature=signature)


def anchor_message(station_code: str, seq: int, mac: bytes, at: datetime) -> bytes:
    """The signed bytes: a context tag, then the fields, unambiguously separated."""
    stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return b"|".join(
        [_CONTEXT, station_code.encode("utf-8"), str(seq).encode("ascii"), mac.hex().encode(), stamp.encode("ascii")]
    )


def sign_anchor(private_key: Ed25519PrivateKey, *, station_code: str, seq: int, mac: bytes, at: datetime) -> Anchor:
    """Sign the chain's current end."""
    signature = private_key.sign(anchor_message(station_code, seq, mac, at))
    return Anchor(station_code=station_code, seq=seq, mac=mac, at=at, signature=signature)


def verify_anchor(public_key: bytes, anchor: Anchor) -> bool:
    """True when the station's public key signed this anchor."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            anchor.signature, anchor_message(anchor.station_code, anchor.seq, anchor.mac, anchor.at)
        )
    except (InvalidSignature, ValueError):
        return False
    return True
