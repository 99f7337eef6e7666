"""Audit anchors: the station signs (seq, MAC) of its audit chain with its Ed25519 key; the central store keeps them."""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_CONTEXT = b"guichet-audit-anchor-v1"
_CHECKPOINT_CONTEXT = b"guichet-audit-start-v1"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A signed statement: at `at`, station `station_code`'s chain reached `seq` with MAC `mac`."""

    station_code: str
    seq: int
    mac: bytes
    at: datetime
    signature: bytes
    # A start anchor: retention purged every event up to `seq`; `at` is the time of that last purged event.
    checkpoint: bool = False
    # The central store's signature over a start anchor and the time it received it (countersign_message).
    countersignature: bytes | None = None
    received_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "station_code": self.station_code,
            "seq": self.seq,
            "mac": self.mac.hex(),
            "at": self.at.astimezone(UTC).isoformat(),
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }
        if self.checkpoint:
            data["checkpoint"] = True
        if self.countersignature is not None and self.received_at is not None:
            data["countersignature"] = base64.b64encode(self.countersignature).decode("ascii")
            data["received_at"] = self.received_at.astimezone(UTC).isoformat()
        return data

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
            checkpoint = data.get("checkpoint", False)
            if not isinstance(checkpoint, bool):
                raise ValueError("checkpoint must be a boolean")
            counter = data.get("countersignature")
            countersignature = base64.b64decode(str(counter), validate=True) if counter else None
            received = data.get("received_at")
            received_at = datetime.fromisoformat(str(received)) if received else None
            if received_at is not None and received_at.tzinfo is None:
                raise ValueError("naive time")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError("malformed audit anchor") from exc
        if len(mac) != 32 or len(signature) != 64 or seq < 0 or not station:
            raise ValueError("malformed audit anchor")
        return cls(
            station_code=station,
            seq=seq,
            mac=mac,
            at=at,
            signature=signature,
            checkpoint=checkpoint,
            countersignature=countersignature,
            received_at=received_at,
        )


def anchor_message(station_code: str, seq: int, mac: bytes, at: datetime, *, checkpoint: bool = False) -> bytes:
    """The signed bytes: a context tag, then the fields, unambiguously separated (a start anchor's tag differs, so
    an ordinary anchor can never pass for the chain's start)."""
    stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return b"|".join(
        [
            _CHECKPOINT_CONTEXT if checkpoint else _CONTEXT,
            station_code.encode("utf-8"),
            str(seq).encode("ascii"),
            mac.hex().encode(),
            stamp.encode("ascii"),
        ]
    )


def sign_anchor(
    private_key: Ed25519PrivateKey, *, station_code: str, seq: int, mac: bytes, at: datetime, checkpoint: bool = False
) -> Anchor:
    """Sign the chain's current end (or, `checkpoint`, its start after a retention purge)."""
    signature = private_key.sign(anchor_message(station_code, seq, mac, at, checkpoint=checkpoint))
    return Anchor(station_code=station_code, seq=seq, mac=mac, at=at, signature=signature, checkpoint=checkpoint)


def verify_anchor(public_key: bytes, anchor: Anchor) -> bool:
    """True when the station's public key signed this anchor (as the kind it says it is)."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            anchor.signature,
            anchor_message(anchor.station_code, anchor.seq, anchor.mac, anchor.at, checkpoint=anchor.checkpoint),
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def classify(public_key: bytes, anchor: Anchor) -> Anchor:
    """The anchor marked as a start anchor when that is what the station signed (local rows do not say)."""
    if anchor.checkpoint or verify_anchor(public_key, anchor):
        return anchor
    flagged = replace(anchor, checkpoint=True)
    return flagged if verify_anchor(public_key, flagged) else anchor


_COUNTERSIGN_CONTEXT = b"guichet-central-countersign-v1"


def countersign_message(anchor: Anchor, received_at: datetime) -> bytes:
    """What the central store signs for a start anchor it keeps: the station's signed bytes and when it got them."""
    stamp = received_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    signed = anchor_message(anchor.station_code, anchor.seq, anchor.mac, anchor.at, checkpoint=anchor.checkpoint)
    return b"|".join([_COUNTERSIGN_CONTEXT, signed, anchor.signature.hex().encode(), stamp.encode("ascii")])


def countersign(private_key: Ed25519PrivateKey, anchor: Anchor, received_at: datetime) -> Anchor:
    """The central store's countersignature on a start anchor (issue 15: the anchor signed at the central store)."""
    return replace(
        anchor, countersignature=private_key.sign(countersign_message(anchor, received_at)), received_at=received_at
    )


def verify_countersignature(central_key: bytes, anchor: Anchor) -> bool:
    """True when the central store countersigned this anchor."""
    if anchor.countersignature is None or anchor.received_at is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(central_key).verify(
            anchor.countersignature, countersign_message(anchor, anchor.received_at)
        )
    except (InvalidSignature, ValueError):
        return False
    return True
