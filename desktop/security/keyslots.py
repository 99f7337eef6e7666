"""Key slots: the random database key wrapped per agent (AES-256-GCM under HKDF(Argon2id(password) ‖ device secret))."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.security import slotfile
from desktop.security.device import DeviceSecret
from desktop.security.filelock import FileLock
from desktop.security.kdf import DEFAULT_PARAMS, KdfParams, argon2id, hkdf_sha256
from desktop.security.lockout import DEFAULT_LOCKOUT, LockoutPolicy
from desktop.security.sealed import seal
from desktop.security.slotfile import KeySlot, SlotDocument

KEY_BYTES = 32
SLOT_FILE = "keyslots.json"
ESCROW_CONTEXT = b"guichet database key escrow"


class LoginRefused(Exception):
    """A login that did not open the key; `message` is French for the agent, never with personal data."""

    def __init__(self, message: str, *, code: str, retry_at: datetime | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code  # mauvais_mot_de_passe, delai, verrouille, inconnu
        self.retry_at = retry_at


@dataclass(frozen=True, slots=True)
class Unlocked:
    """A successful unwrap: the database key, whose slot opened it, and the success to record in the audit log."""

    database_key: bytes
    agent_id: str
    must_change: bool
    pending_attempts: tuple[dict[str, str], ...]


def escrow_context(station_code: str) -> bytes:
    """The sealed-box context of a station's escrow copy (the central store opens it with the same)."""
    return ESCROW_CONTEXT + b"|" + station_code.encode("utf-8")


def reset_context(login: str) -> bytes:
    """The sealed-box context of a database key returned by the central store for a password reset."""
    return b"guichet reset|" + login.strip().lower().encode("utf-8")


def _aad(station_code: str, agent_id: str) -> bytes:
    # Bind each wrapped key to its station and agent: a slot copied under another agent's id does not open.
    return f"guichet key slot v1|{station_code}|{agent_id}".encode()


class KeySlots:
    """The slot file of one store and the operations on it; every change is written atomically at once."""

    def __init__(
        self,
        path: Path,
        device: DeviceSecret,
        *,
        station_code: str,
        params: KdfParams = DEFAULT_PARAMS,
        lockout: LockoutPolicy = DEFAULT_LOCKOUT,
    ) -> None:
        self.path = path
        self.device = device
        self.station_code = station_code
        self.params = params
        self.lockout = lockout
        # Read-modify-write of the slot file, between threads and between processes (two OS users' sessions).
        self._lock = FileLock(path.with_name(path.name + ".lock"))

    @classmethod
    def beside(
        cls,
        database: Path,
        device: DeviceSecret,
        *,
        station_code: str,
        params: KdfParams = DEFAULT_PARAMS,
        lockout: LockoutPolicy = DEFAULT_LOCKOUT,
    ) -> KeySlots:
        """The slot file that sits next to this database file."""
        return cls(database.with_name(SLOT_FILE), device, station_code=station_code, params=params, lockout=lockout)

    # -- the document ------------------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def document(self) -> SlotDocument:
        return slotfile.load(self.path)

    def _save(self, doc: SlotDocument) -> None:
        slotfile.save(self.path, doc)

    def initialise(self, *, escrow_public_key: bytes | None = None) -> bytes:
        """Create the slot file with a fresh random database key (returned: the caller wraps it for the first agent)."""
        if self.path.exists():
            raise FileExistsError("key slot file already exists")
        key = secrets.token_bytes(KEY_BYTES)
        doc = SlotDocument(station_code=self.station_code)
        if escrow_public_key is not None:
            doc.escrow = seal(escrow_public_key, key, context=escrow_context(self.station_code))
        self._save(doc)
        return key

    def set_escrow(self, database_key: bytes, escrow_public_key: bytes) -> bytes:
        """(Re)seal the escrow copy for the central store's public key; returns the box to send."""
        with self._lock:
            doc = self.document()
            doc.escrow = seal(escrow_public_key, database_key, context=escrow_context(self.station_code))
            doc.escrow_sent_at = None
            self._save(doc)
            return doc.escrow

    # -- slots ---------------------------------------------------------------------------------------------------
    def _kek(self, password: str, salt: bytes, params: KdfParams, agent_id: str) -> bytes:
        stretched = argon2id(password, salt, params)
        return hkdf_sha256(stretched + self.device.get(), salt=salt, info=_aad(self.station_code, agent_id))

    def add(
        self, *, agent_id: str, login: str, password: str, database_key: bytes, now: datetime, must_change: bool = False
    ) -> None:
        """Wrap the database key for an agent (a new slot, or a replaced one after a reset)."""
        if len(database_key) != KEY_BYTES:
            raise ValueError("database key must be 32 bytes")
        salt = os.urandom(16)
        kek = self._kek(password, salt, self.params, agent_id)
        nonce = os.urandom(12)
        wrapped = AESGCM(kek).encrypt(nonce, database_key, _aad(self.station_code, agent_id))
        with self._lock:
            doc = self.document()
            other = doc.by_login(login)
            if other is not None and other.agent_id != agent_id:
                raise ValueError("login already used by another slot")
            doc.slots[agent_id] = KeySlot(
                agent_id=agent_id,
                login=login,
                salt=salt,
                params=self.params,
                nonce=nonce,
                wrapped=wrapped,
                created_at=now,
                must_change=must_change,
            )
            self._save(doc)

    def remove(self, agent_id: str) -> bool:
        """Delete an agent's slot: their password no longer opens anything."""
        with self._lock:
            doc = self.document()
            removed = doc.slots.pop(agent_id, None) is not None
            self._save(doc)
            return removed

    def unlock(self, *, login: str, password: str, now: datetime) -> Unlocked:
        """Unwrap the database key with an agent's password, applying the lockout policy; raises LoginRefused."""
        doc = self.document()
        slot = doc.by_login(login)
        if slot is None:
            # Same work and same answer as a wrong password: the login screen must not reveal which logins exist.
            self._kek(password, b"\0" * 16, self.params, "inconnu")
            raise LoginRefused("Identifiant ou mot de passe incorrect.", code="inconnu")
        state = self.lockout.state(
            failures=slot.failures, last_failure_at=slot.last_failure_at, locked=slot.locked, now=now
        )
        if state.locked:
            self._note_attempt(slot.agent_id, now, "refus_verrouille")
            raise LoginRefused(
                "Compte verrouillé après trop d'essais : un superviseur doit le déverrouiller.", code="verrouille"
            )
        if not state.allowed:
            assert state.retry_at is not None
            wait = max(1, int((state.retry_at - now).total_seconds() + 0.999))
            raise LoginRefused(f"Trop d'essais : réessayez dans {wait} s.", code="delai", retry_at=state.retry_at)
        kek = self._kek(password, slot.salt, slot.params, slot.agent_id)
        try:
            key = AESGCM(kek).decrypt(slot.nonce, slot.wrapped, _aad(self.station_code, slot.agent_id))
        except InvalidTag:
            self._fail(slot.agent_id, now)
            raise LoginRefused("Identifiant ou mot de passe incorrect.", code="mauvais_mot_de_passe") from None
        with self._lock:
            doc = self.document()
            current = doc.slots[slot.agent_id]
            current.failures, current.last_failure_at = 0, None
            self._save(doc)
        # Earlier attempts stay in the file until take_pending(): the success comes last, after them.
        return Unlocked(
            database_key=key,
            agent_id=slot.agent_id,
            must_change=slot.must_change,
            pending_attempts=({"at": now.isoformat(), "outcome": "succes"},),
        )

    def _fail(self, agent_id: str, now: datetime) -> None:
        with self._lock:
            doc = self.document()
            slot = doc.slots[agent_id]
            slot.failures += 1
            slot.last_failure_at = now
            slot.locked = slot.locked or self.lockout.locks(slot.failures)
            slot.pending_attempts.append({"at": now.isoformat(), "outcome": "echec"})
            self._save(doc)

    def note(self, agent_id: str, now: datetime, outcome: str) -> None:
        """Record an event to write into the audit log at the next opening (e.g. a reset by code)."""
        self._note_attempt(agent_id, now, outcome)

    def _note_attempt(self, agent_id: str, now: datetime, outcome: str) -> None:
        with self._lock:
            doc = self.document()
            doc.slots[agent_id].pending_attempts.append({"at": now.isoformat(), "outcome": outcome})
            self._save(doc)

    def take_pending(self) -> list[tuple[str, dict[str, str]]]:
        """Every slot's recorded attempts, removed from the file (the caller writes them to the audit log)."""
        with self._lock:
            doc = self.document()
            out = [(s.agent_id, a) for s in doc.slots.values() for a in s.pending_attempts]
            for s in doc.slots.values():
                s.pending_attempts = []
            self._save(doc)
            return out

    def unlock_agent(self, agent_id: str) -> None:
        """A supervisor lifts the lock and the delay."""
        with self._lock:
            doc = self.document()
            slot = doc.slots[agent_id]
            slot.failures, slot.last_failure_at, slot.locked = 0, None, False
            self._save(doc)

    def lock_state(self, agent_id: str) -> tuple[int, datetime | None, bool]:
        """(failures, last failure, locked) as the file says."""
        slot = self.document().slots[agent_id]
        return slot.failures, slot.last_failure_at, slot.locked


class SlotKeyProvider:
    """A KeyProvider (desktop/models/keys.py) whose key was unwrapped from an agent's slot."""

    def __init__(self, unlocked: Unlocked) -> None:
        self._key = unlocked.database_key

    @property
    def description(self) -> str:
        return "Clé de la base déverrouillée par le mot de passe de l'agent"

    def database_key(self) -> bytes:
        return self._key
