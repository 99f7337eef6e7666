"""keyslots.json: the per-agent wrapped database keys, kept next to the database (they are needed to open it)."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.jsonfile import load_object
from desktop.privatefile import write_private
from desktop.security.kdf import KdfParams
from desktop.security.logins import lookup_form

VERSION = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


@dataclass
class KeySlot:
    """One agent's copy of the database key, wrapped under a key derived from their password and the device secret."""

    agent_id: str
    login: str
    salt: bytes
    params: KdfParams
    nonce: bytes
    wrapped: bytes
    created_at: datetime
    must_change: bool = False
    failures: int = 0
    last_failure_at: datetime | None = None
    locked: bool = False
    # Login attempts made before the store could be opened: written to the audit log at the next opening.
    pending_attempts: list[dict[str, str]] = field(default_factory=list)
    # Version 2 slots: `wrapped` is the agent's X25519 private key, `public` its public key and `sealed` the database
    # key sealed to it, so a re-key (an agent removed) re-seals every other slot without their passwords.
    # Version 1 slots (public None) wrap the database key itself; they are upgraded at the agent's next login.
    public: bytes | None = None
    sealed: bytes | None = None
    # A re-key in progress: the new key sealed for this agent, promoted once the database opens with it.
    sealed_next: bytes | None = None
    # An HMAC of `public` under the database key (keyslots.public_binding): a re-key seals the new key only to a
    # public key the station itself bound; one planted or swapped in the file gets nothing (counter audit).
    binding: str | None = None
    # How many times this agent's slot was made (enrolment, reset, new password), covered by `binding`; the store
    # keeps the latest (slotkeys.generation_counter), so an older entry put back is refused.
    generation: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            salt=_b64(self.salt),
            nonce=_b64(self.nonce),
            wrapped=_b64(self.wrapped),
            params=self.params.to_dict(),
            created_at=self.created_at.isoformat(),
            last_failure_at=self.last_failure_at.isoformat() if self.last_failure_at else None,
            public=_b64(self.public) if self.public else None,
            sealed=_b64(self.sealed) if self.sealed else None,
            sealed_next=_b64(self.sealed_next) if self.sealed_next else None,
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KeySlot:
        last = data.get("last_failure_at")
        return cls(
            agent_id=str(data["agent_id"]),
            login=str(data["login"]),
            salt=_unb64(data["salt"]),
            params=KdfParams.from_dict(data["params"]),
            nonce=_unb64(data["nonce"]),
            wrapped=_unb64(data["wrapped"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            must_change=bool(data.get("must_change", False)),
            failures=int(data.get("failures", 0)),
            last_failure_at=datetime.fromisoformat(last) if last else None,
            locked=bool(data.get("locked", False)),
            pending_attempts=list(data.get("pending_attempts", [])),
            public=_unb64(data["public"]) if data.get("public") else None,
            sealed=_unb64(data["sealed"]) if data.get("sealed") else None,
            sealed_next=_unb64(data["sealed_next"]) if data.get("sealed_next") else None,
            binding=str(data["binding"]) if data.get("binding") else None,
            generation=int(data.get("generation", 0)),
        )


@dataclass
class Decoy:
    """The lockout state of a login that has no slot: it answers exactly like a real one (issue 15, item 11)."""

    failures: int = 0
    last_failure_at: datetime | None = None
    locked: bool = False

    def to_dict(self) -> dict[str, Any]:
        last = self.last_failure_at.isoformat() if self.last_failure_at else None
        return {"failures": self.failures, "last_failure_at": last, "locked": self.locked}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decoy:
        last = data.get("last_failure_at")
        return cls(
            failures=int(data.get("failures", 0)),
            last_failure_at=datetime.fromisoformat(last) if last else None,
            locked=bool(data.get("locked", False)),
        )


@dataclass
class SlotDocument:
    """The whole file: the station, the escrow copy for the central store, and the slots by agent id."""

    station_code: str
    slots: dict[str, KeySlot] = field(default_factory=dict)
    escrow: bytes | None = None
    escrow_sent_at: datetime | None = None
    # The central store's escrow public key, so a re-key can re-seal the escrow copy offline; bound to the database
    # key like a slot's (`escrow_binding`): a key swapped in the file is never sealed to.
    escrow_public_key: bytes | None = None
    escrow_binding: str | None = None
    # Where the device secret lives ("fichier" or "trousseau") and a check value of it: with slots present a new
    # secret is never created, and a secret found elsewhere is recognised and moved (issue 15, item 2).
    device_location: str | None = None
    device_check: str | None = None
    # Lockout state of logins without a slot (keyed by an HMAC of the login under the device secret).
    decoys: dict[str, Decoy] = field(default_factory=dict)
    # Failed attempts on logins without a slot, written to the audit log (without agent) at the next opening.
    unknown_attempts: list[dict[str, str]] = field(default_factory=list)
    # A check value of the current database key: a key from a stale escrow copy is recognised and refused.
    key_check: str | None = None
    # Agents removed while the central store could not be told: deactivated there at the next chance.
    pending_deactivations: list[str] = field(default_factory=list)
    # The authority (slotkeys.central_authority) of the escrow copy the central store holds when it is not the
    # current key's (a re-key not told yet), sealed under the current database key: None when it holds the current
    # one, or none at all.
    central_authority: bytes | None = None

    def by_login(self, login: str) -> KeySlot | None:
        wanted = lookup_form(login)
        return next((s for s in self.slots.values() if lookup_form(s.login) == wanted), None)


class SlotFileError(Exception):
    """keyslots.json is missing or unreadable."""


def load(path: Path) -> SlotDocument:
    """Read the slot file; raises SlotFileError when it is absent or damaged."""
    try:
        raw = load_object(path.read_text(encoding="utf-8"))
        if raw.get("version") != VERSION:
            raise ValueError("unknown version")
        sent = raw.get("escrow_sent_at")
        return SlotDocument(
            station_code=str(raw["station_code"]),
            slots={k: KeySlot.from_dict(v) for k, v in raw.get("slots", {}).items()},
            escrow=_unb64(raw["escrow"]) if raw.get("escrow") else None,
            escrow_sent_at=datetime.fromisoformat(sent) if sent else None,
            escrow_public_key=_unb64(raw["escrow_public_key"]) if raw.get("escrow_public_key") else None,
            escrow_binding=str(raw["escrow_binding"]) if raw.get("escrow_binding") else None,
            device_location=raw.get("device_location"),
            device_check=raw.get("device_check"),
            decoys={str(k): Decoy.from_dict(v) for k, v in raw.get("decoys", {}).items()},
            unknown_attempts=list(raw.get("unknown_attempts", [])),
            key_check=raw.get("key_check"),
            pending_deactivations=[str(a) for a in raw.get("pending_deactivations", [])],
            central_authority=_unb64(raw["central_authority"]) if raw.get("central_authority") else None,
        )
    except FileNotFoundError:
        raise SlotFileError("no key slot file") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # AttributeError: a slot that is no object
        raise SlotFileError("key slot file unreadable") from None


def save(path: Path, doc: SlotDocument) -> None:
    """Write atomically through desktop.privatefile: a crash leaves the old or the new file, never world-readable."""
    payload = {
        "version": VERSION,
        "station_code": doc.station_code,
        "escrow": _b64(doc.escrow) if doc.escrow else None,
        "escrow_sent_at": doc.escrow_sent_at.isoformat() if doc.escrow_sent_at else None,
        "slots": {k: v.to_dict() for k, v in sorted(doc.slots.items())},
        "escrow_public_key": _b64(doc.escrow_public_key) if doc.escrow_public_key else None,
        "escrow_binding": doc.escrow_binding,
        "device_location": doc.device_location,
        "device_check": doc.device_check,
        "decoys": {k: v.to_dict() for k, v in sorted(doc.decoys.items())},
        "unknown_attempts": doc.unknown_attempts,
        "key_check": doc.key_check,
        "pending_deactivations": doc.pending_deactivations,
        "central_authority": _b64(doc.central_authority) if doc.central_authority else None,
    }
    write_private(path, json.dumps(payload, indent=1, sort_keys=True).encode("utf-8"), replace=True)
