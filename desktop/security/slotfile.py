"""keyslots.json: the per-agent wrapped database keys, kept next to the database (they are needed to open it)."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.privatefile import write_private
from desktop.security.kdf import KdfParams

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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            salt=_b64(self.salt),
            nonce=_b64(self.nonce),
            wrapped=_b64(self.wrapped),
            params=self.params.to_dict(),
            created_at=self.created_at.isoformat(),
            last_failure_at=self.last_failure_at.isoformat() if self.last_failure_at else None,
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
        )


@dataclass
class SlotDocument:
    """The whole file: the station, the escrow copy for the central store, and the slots by agent id."""

    station_code: str
    slots: dict[str, KeySlot] = field(default_factory=dict)
    escrow: bytes | None = None
    escrow_sent_at: datetime | None = None

    def by_login(self, login: str) -> KeySlot | None:
        wanted = login.strip().lower()
        return next((s for s in self.slots.values() if s.login.lower() == wanted), None)


class SlotFileError(Exception):
    """keyslots.json is missing or unreadable."""


def load(path: Path) -> SlotDocument:
    """Read the slot file; raises SlotFileError when it is absent or damaged."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("version") != VERSION:
            raise ValueError("unknown version")
        sent = raw.get("escrow_sent_at")
        return SlotDocument(
            station_code=str(raw["station_code"]),
            slots={k: KeySlot.from_dict(v) for k, v in raw.get("slots", {}).items()},
            escrow=_unb64(raw["escrow"]) if raw.get("escrow") else None,
            escrow_sent_at=datetime.fromisoformat(sent) if sent else None,
        )
    except FileNotFoundError:
        raise SlotFileError("no key slot file") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise SlotFileError("key slot file unreadable") from None


def save(path: Path, doc: SlotDocument) -> None:
    """Write atomically through desktop.privatefile: a crash leaves the old or the new file, never world-readable."""
    payload = {
        "version": VERSION,
        "station_code": doc.station_code,
        "escrow": _b64(doc.escrow) if doc.escrow else None,
        "escrow_sent_at": doc.escrow_sent_at.isoformat() if doc.escrow_sent_at else None,
        "slots": {k: v.to_dict() for k, v in sorted(doc.slots.items())},
    }
    write_private(path, json.dumps(payload, indent=1, sort_keys=True).encode("utf-8"), replace=True)
