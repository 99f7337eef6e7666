"""Re-keying the store after a removal, and the central store's escrow copy of its key: a mixin of `KeySlots`.

A removal seals a new database key for every slot the station bound (no password needed: each slot has a public
key) and for the escrow; the central store keeps the copy it was last sent, whose authority proves the station's
next requests. Split from `keyslots.py` (over 500 lines); `KeySlots` is still what callers use.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.security.filelock import FileLock
from desktop.security.sealed import seal
from desktop.security.slotfile import SlotDocument
from desktop.security.slotkeys import (
    ESCROW_OWNER,
    authority_proof,
    bound,
    central_authority,
    escrow_context,
    key_check,
    public_binding,
    seal_context,
)

_AUTHORITY_SEAL = b"guichet central authority seal v1"


def _authority_cipher(database_key: bytes) -> AESGCM:
    return AESGCM(hmac.new(database_key, _AUTHORITY_SEAL, hashlib.sha256).digest())


def _seal_authority(database_key: bytes, station_code: str, authority: bytes) -> bytes:
    """The central store's copy's authority, kept in keyslots.json readable only with the current database key."""
    nonce = secrets.token_bytes(12)
    return nonce + _authority_cipher(database_key).encrypt(nonce, authority, station_code.encode("utf-8"))


def _open_authority(database_key: bytes, station_code: str, sealed: bytes) -> bytes | None:
    """The authority sealed by `_seal_authority`, or None when the key does not open it (then the current key's
    authority is the best guess: a request the central store refuses, never a wrong key)."""
    try:
        return _authority_cipher(database_key).decrypt(sealed[:12], sealed[12:], station_code.encode("utf-8"))
    except (InvalidTag, ValueError):
        return None


class Rekeying:
    """The re-key and the escrow copy over a slot file (`KeySlots` provides the file, its lock and the station)."""

    path: Path
    station_code: str
    _lock: FileLock
    # (database key, audit root) after a re-key made through this object: the session's copies are stale.
    current_key: tuple[bytes, bytes] | None

    def document(self) -> SlotDocument:
        raise NotImplementedError

    def _save(self, doc: SlotDocument) -> None:
        raise NotImplementedError

    # -- the escrow copy ---------------------------------------------------------------------------------------
    def set_escrow(self, database_key: bytes, escrow_public_key: bytes, *, audit_root: bytes | None = None) -> bytes:
        """(Re)seal the escrow copy for the central store's public key; returns the box to send."""
        material = database_key if audit_root is None or audit_root == database_key else database_key + audit_root
        with self._lock:
            doc = self.document()
            doc.escrow_public_key = escrow_public_key
            doc.escrow_binding = public_binding(database_key, self.station_code, ESCROW_OWNER, escrow_public_key)
            doc.escrow = seal(escrow_public_key, material, context=escrow_context(self.station_code))
            doc.escrow_sent_at = None
            self._save(doc)
            return doc.escrow

    def escrow_trusted(self, database_key: bytes) -> bool:
        """Whether the escrow public key in the file is the one this station bound (else a re-key does not seal to
        it, and the next contact with the central store asks for its key again)."""
        doc = self.document()
        return bound(database_key, self.station_code, ESCROW_OWNER, doc.escrow_public_key, doc.escrow_binding)

    # -- re-key (an agent removed) ------------------------------------------------------------------------------
    def prepare_rekey(self, new_key: bytes, audit_root: bytes, *, old_key: bytes) -> list[str]:
        """Seal `new_key` beside the current key (`old_key`) in every slot that can take it; returns the agents whose
        slots cannot, removed here: they need a supervisor's reset. The database is re-keyed after this.

        A slot can take it when its public key is one the station bound under the current key: a version 1 slot
        has none, and a slot planted in keyslots.json, or whose public key was swapped there, by someone without
        the key would otherwise receive the new key sealed to a key of theirs (counter audit, 4 December 2026)."""
        dropped: list[str] = []
        with self._lock:
            doc = self.document()
            for agent_id, slot in list(doc.slots.items()):
                public = slot.public
                if (
                    public is None
                    or slot.agent_id != agent_id
                    or not bound(old_key, self.station_code, agent_id, public, slot.binding, slot.generation)
                ):
                    dropped.append(agent_id)
                    del doc.slots[agent_id]
                    continue
                slot.sealed_next = seal(public, new_key + audit_root, context=seal_context(self.station_code, agent_id))
            self._save(doc)
        return dropped

    def commit_rekey(self, new_key: bytes, audit_root: bytes, *, old_key: bytes) -> None:
        """The database now opens with `new_key`: promote it in every slot and re-seal the escrow copy.

        The central store still holds the copy it was last sent (of `old_key`, or of an older key when that one was
        never told): its authority is kept, sealed under the new key, to prove the next requests with."""
        with self._lock:
            doc = self.document()
            held = self._held_authority(doc, old_key)
            for agent_id, slot in doc.slots.items():
                if slot.sealed_next is None:
                    continue
                number = slot.generation
                if slot.public is not None and bound(
                    old_key, self.station_code, agent_id, slot.public, slot.binding, number
                ):
                    slot.sealed, slot.sealed_next = slot.sealed_next, None
                    slot.binding = public_binding(new_key, self.station_code, agent_id, slot.public, number)
                else:  # changed in the file since `prepare_rekey`: not promoted
                    slot.sealed_next = None
            doc.key_check = key_check(new_key)
            escrow_key = doc.escrow_public_key
            if escrow_key is not None and bound(
                old_key, self.station_code, ESCROW_OWNER, escrow_key, doc.escrow_binding
            ):
                doc.escrow = seal(escrow_key, new_key + audit_root, context=escrow_context(self.station_code))
                doc.escrow_binding = public_binding(new_key, self.station_code, ESCROW_OWNER, escrow_key)
                doc.escrow_sent_at = None
            elif escrow_key is not None:
                # Not a key this station bound: nothing is sealed to it; the central store's key is asked for again
                # at the next contact (`services.central_catch_up.catch_up_central`).
                doc.escrow, doc.escrow_public_key, doc.escrow_binding, doc.escrow_sent_at = None, None, None, None
            doc.central_authority = _seal_authority(new_key, self.station_code, held) if held else None
            self._save(doc)
        self.current_key = (new_key, audit_root)

    def _held_authority(self, doc: SlotDocument, database_key: bytes) -> bytes | None:
        """The authority of the escrow copy the central store holds (`database_key`: the current key), or None
        when it holds none (the first copy not sent yet)."""
        if doc.central_authority is not None:
            return _open_authority(database_key, self.station_code, doc.central_authority)
        if doc.escrow_sent_at is not None:
            return central_authority(database_key)
        return None

    def central_proof(self, database_key: bytes, purpose: bytes) -> str:
        """The proof of a request to the central store (agent enrolment, escrow copy), under the authority of the
        copy it holds; with no copy there, under the current key's (the central store asks none then)."""
        return self.central_proofs(database_key, purpose)[0]

    def central_proofs(self, database_key: bytes, purpose: bytes) -> tuple[str, ...]:
        """`central_proof`, then the current key's when the copy held is thought older: a copy sent whose answer was
        lost is held there already, and the old key's proof would be refused for ever (central re-audit)."""
        with self._lock:
            doc = self.document()
            held = self._held_authority(doc, database_key)
        current = central_authority(database_key)
        return tuple(authority_proof(a, purpose) for a in dict.fromkeys(a for a in (held, current) if a is not None))

    # -- what the central store must still be told ---------------------------------------------------------------
    def note_deactivation(self, agent_id: str) -> None:
        """The central store could not be told of this removal: remember it for the next chance."""
        with self._lock:
            doc = self.document()
            if agent_id not in doc.pending_deactivations:
                doc.pending_deactivations.append(agent_id)
            self._save(doc)

    def deactivation_done(self, agent_id: str) -> None:
        with self._lock:
            doc = self.document()
            doc.pending_deactivations = [a for a in doc.pending_deactivations if a != agent_id]
            self._save(doc)

    def mark_escrow_sent(self, now: datetime) -> None:
        with self._lock:
            doc = self.document()
            doc.escrow_sent_at = now
            doc.central_authority = None  # the central store now holds the current key's copy
            self._save(doc)
