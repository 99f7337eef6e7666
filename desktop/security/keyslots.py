"""Key slots: the random database key sealed per agent, each agent's slot key under HKDF(Argon2id(password) ‖ device
secret); re-keying after a removal re-seals every other slot without their passwords (`rekey.Rekeying`,
docs/SECURITY.md)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.i18n import _, ngettext
from desktop.security import slotfile
from desktop.security.device import DeviceSecret, check_value
from desktop.security.filelock import FileLock
from desktop.security.kdf import DEFAULT_PARAMS, KdfParams, argon2id, hkdf_sha256
from desktop.security.lockout import DEFAULT_LOCKOUT, LockoutPolicy
from desktop.security.logins import lookup_form
from desktop.security.rekey import Rekeying
from desktop.security.sealed import SealedBoxError, open_sealed, public_bytes, seal
from desktop.security.slotfile import Decoy, KeySlot, SlotDocument
from desktop.security.slotkeys import (
    BAD_LOGIN,
    ESCROW_CONTEXT,
    ESCROW_OWNER,
    KEY_BYTES,
    LOCKED,
    DeviceSecretMissing,
    LoginRefused,
    Unlocked,
    bound,
    escrow_context,
    key_check,
    public_binding,
    raw_private,
    reset_context,
    seal_context,
    slot_aad,
    split_material,
)
from desktop.station_files import SLOT_FILE

__all__ = [  # what callers import from here (slotkeys holds the plain parts)
    "ESCROW_CONTEXT",
    "KEY_BYTES",
    "DeviceSecretMissing",
    "KeySlots",
    "LoginRefused",
    "SlotKeyProvider",
    "Unlocked",
    "escrow_context",
    "key_check",
    "reset_context",
    "split_material",
]

MAX_DECOYS = 256  # lockout states of unknown logins kept (oldest dropped first)


class KeySlots(Rekeying):
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
        # (database key, audit root) after a re-key made through this object: the session's copies are stale.
        self.current_key: tuple[bytes, bytes] | None = None

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

    def initialise(
        self,
        *,
        escrow_public_key: bytes | None = None,
        database_key: bytes | None = None,
        audit_root: bytes | None = None,
        replace: bool = False,
    ) -> bytes:
        """Create the slot file with a fresh random database key (returned: the caller wraps it for the first agent).

        `database_key`, `audit_root` and `replace` are for the escrow recovery only: the key came back from the
        central store, and the slots (or the device secret) that could not open the store are replaced.
        """
        if self.path.exists() and not replace:
            raise FileExistsError("key slot file already exists")
        key = database_key or secrets.token_bytes(KEY_BYTES)
        secret = self.device.get() if not replace else (self.device.find(None) or self.device.replace())
        doc = SlotDocument(station_code=self.station_code, key_check=key_check(key))
        doc.device_location, doc.device_check = self.device.location, check_value(secret)
        if escrow_public_key is not None:
            material = key if audit_root in (None, key) else key + (audit_root or b"")
            doc.escrow_public_key = escrow_public_key
            doc.escrow_binding = public_binding(key, self.station_code, ESCROW_OWNER, escrow_public_key)
            doc.escrow = seal(escrow_public_key, material, context=escrow_context(self.station_code))
        with self._lock:
            self._save(doc)
        return key

    # -- the device secret ---------------------------------------------------------------------------------------
    def _secret(self) -> bytes:
        """The device secret these slots were made with: never a new one while slots exist (issue 15, item 2)."""
        doc = self.document()
        if not doc.slots and doc.device_check is None:
            return self.device.get()
        secret = self.device.find(doc.device_check)
        if secret is None:
            raise DeviceSecretMissing(doc.device_location)
        if doc.device_check != check_value(secret) or doc.device_location != self.device.location:
            with self._lock:
                current = self.document()
                current.device_location, current.device_check = self.device.location, check_value(secret)
                self._save(current)
        return secret

    def _kek(self, password: str, salt: bytes, params: KdfParams, agent_id: str, secret: bytes) -> bytes:
        stretched = argon2id(password, salt, params)
        return hkdf_sha256(stretched + secret, salt=salt, info=slot_aad(self.station_code, agent_id))

    # -- slots ---------------------------------------------------------------------------------------------------
    def add(
        self,
        *,
        agent_id: str,
        login: str,
        password: str,
        database_key: bytes,
        now: datetime,
        must_change: bool = False,
        audit_root: bytes | None = None,
        above: int = 0,
    ) -> int:
        """Wrap the database key for an agent (a new slot, or a replaced one after a reset); returns the slot's
        generation: the time it was made in seconds, or one more than the entry it replaces or than `above` (the
        store's, when the caller reads it), so a later slot outnumbers an earlier one, even one made where the store
        was closed (a reset by code)."""
        if len(database_key) != KEY_BYTES:
            raise ValueError("database key must be 32 bytes")
        salt = os.urandom(16)
        kek = self._kek(password, salt, self.params, agent_id, self._secret())
        agent_key = X25519PrivateKey.generate()
        public = public_bytes(agent_key.public_key())
        nonce = os.urandom(12)
        wrapped = AESGCM(kek).encrypt(nonce, raw_private(agent_key), slot_aad(self.station_code, agent_id))
        material = database_key + (audit_root or database_key)
        sealed = seal(public, material, context=seal_context(self.station_code, agent_id))
        with self._lock:
            doc = self.document()
            other = doc.by_login(login)
            if other is not None and other.agent_id != agent_id:
                raise ValueError("login already used by another slot")
            previous = doc.slots.get(agent_id)
            number = max(previous.generation + 1 if previous else 1, int(now.timestamp()), above + 1)
            doc.slots[agent_id] = KeySlot(
                agent_id=agent_id,
                login=login,
                salt=salt,
                params=self.params,
                nonce=nonce,
                wrapped=wrapped,
                created_at=now,
                must_change=must_change,
                public=public,
                sealed=sealed,
                binding=public_binding(database_key, self.station_code, agent_id, public, number),
                generation=number,
            )
            self._save(doc)
            return number

    def remove(self, agent_id: str) -> bool:
        """Delete an agent's slot: their password no longer opens this file (a re-key closes older copies)."""
        with self._lock:
            doc = self.document()
            removed = doc.slots.pop(agent_id, None) is not None
            self._save(doc)
            return removed

    def _decoy_id(self, login: str, secret: bytes) -> str:
        return hmac.new(secret, b"decoy|" + lookup_form(login).encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def unlock(self, *, login: str, password: str, now: datetime) -> Unlocked:
        """Unwrap the database key with an agent's password, applying the lockout policy; raises LoginRefused.

        The attempt is counted (and kept for the audit log) under the file lock *before* Argon2id runs, so parallel
        attempts cannot all pass the check first (issue 15, item 9). A login without a slot has its own counter and
        every path runs Argon2id once: same answers, same time, whether the login exists or not (item 11).
        """
        secret = self._secret()
        stamp = {"at": now.isoformat(), "id": secrets.token_hex(6)}
        with self._lock:
            doc = self.document()
            slot = doc.by_login(login)
            counter: KeySlot | Decoy
            counter = slot if slot is not None else doc.decoys.setdefault(self._decoy_id(login, secret), Decoy())
            state = self.lockout.state(
                failures=counter.failures, last_failure_at=counter.last_failure_at, locked=counter.locked, now=now
            )
            refusal: LoginRefused | None = None
            if state.locked:
                outcome = "refus_verrouille"
                refusal = LoginRefused(
                    _(LOCKED),
                    code="verrouille",
                )
            elif not state.allowed:
                assert state.retry_at is not None
                outcome = "refus_delai"
                wait = max(1, int((state.retry_at - now).total_seconds() + 0.999))
                refusal = LoginRefused(
                    ngettext(
                        "Trop d'essais : réessayez dans {wait} seconde.",
                        "Trop d'essais : réessayez dans {wait} secondes.",
                        wait,
                    ).format(wait=wait),
                    code="delai",
                    retry_at=state.retry_at,
                )
            else:
                outcome = "echec"  # until the password proves right: a crash mid-Argon2 still counts
                counter.failures += 1
                counter.last_failure_at = now
                counter.locked = counter.locked or self.lockout.locks(counter.failures)
            if slot is not None:
                slot.pending_attempts.append({**stamp, "outcome": outcome})
            else:
                doc.unknown_attempts.append({**stamp, "outcome": outcome})
                _trim_decoys(doc)
            self._save(doc)
        if slot is None:
            self._kek(password, b"\0" * 16, self.params, "inconnu", secret)
            raise refusal or LoginRefused(_(BAD_LOGIN), code="inconnu")
        kek = self._kek(password, slot.salt, slot.params, slot.agent_id, secret)
        if refusal is not None:
            raise refusal
        try:
            material, next_material, own_public = self._open(slot, kek)
        except (InvalidTag, SealedBoxError, ValueError):
            raise LoginRefused(_(BAD_LOGIN), code="mauvais_mot_de_passe") from None
        key, root = split_material(material)
        generation = 0
        with self._lock:
            doc = self.document()
            current = doc.slots.get(slot.agent_id)
            if current is not None:
                current.failures, current.last_failure_at, current.locked = 0, None, False
                current.pending_attempts = [a for a in current.pending_attempts if a.get("id") != stamp["id"]]
                if own_public is not None and current.public == own_public:
                    if bound(key, self.station_code, slot.agent_id, own_public, current.binding, current.generation):
                        generation = current.generation
                    else:
                        # The password opened the private half of this very public key: the station may bind it
                        # (a slot made before bindings existed, or one whose binding was damaged), at generation 0:
                        # a generation is believed only under the station's binding.
                        current.generation = 0
                        current.binding = public_binding(key, self.station_code, slot.agent_id, own_public)
                self._save(doc)
        if slot.public is None:
            # A version 1 slot: upgrade it now that the password is known, so a later re-key can reach it.
            self._upgrade(slot, kek, key)
        return Unlocked(
            database_key=key,
            agent_id=slot.agent_id,
            must_change=slot.must_change,
            pending_attempts=({"at": now.isoformat(), "outcome": "succes"},),
            audit_root=root,
            next_key=split_material(next_material) if next_material else None,
            generation=generation,
        )

    def _open(self, slot: KeySlot, kek: bytes) -> tuple[bytes, bytes | None, bytes | None]:
        """(key material, re-key material or None, the public key of the slot's private key or None) of a slot,
        given its KEK; raises on a wrong password."""
        opened = AESGCM(kek).decrypt(slot.nonce, slot.wrapped, slot_aad(self.station_code, slot.agent_id))
        if slot.public is None or slot.sealed is None:
            return opened, None, None
        private = X25519PrivateKey.from_private_bytes(opened)
        context = seal_context(self.station_code, slot.agent_id)
        material = open_sealed(private, slot.sealed, context=context)
        following = open_sealed(private, slot.sealed_next, context=context) if slot.sealed_next else None
        return material, following, public_bytes(private.public_key())

    def _upgrade(self, slot: KeySlot, kek: bytes, key: bytes) -> None:
        agent_key = X25519PrivateKey.generate()
        public = public_bytes(agent_key.public_key())
        nonce = os.urandom(12)
        wrapped = AESGCM(kek).encrypt(nonce, raw_private(agent_key), slot_aad(self.station_code, slot.agent_id))
        sealed = seal(public, key + key, context=seal_context(self.station_code, slot.agent_id))
        with self._lock:
            doc = self.document()
            current = doc.slots.get(slot.agent_id)
            if current is None or current.public is not None or current.wrapped != slot.wrapped:
                return
            current.nonce, current.wrapped, current.public, current.sealed = nonce, wrapped, public, sealed
            current.binding, current.generation = public_binding(key, self.station_code, slot.agent_id, public), 0
            self._save(doc)

    # -- lockout and pending attempts -----------------------------------------------------------------------------
    def note(self, agent_id: str, now: datetime, outcome: str) -> None:
        """Record an event to write into the audit log at the next opening (e.g. a reset by code)."""
        with self._lock:
            doc = self.document()
            doc.slots[agent_id].pending_attempts.append({"at": now.isoformat(), "outcome": outcome})
            self._save(doc)

    def take_pending(self) -> list[tuple[str | None, dict[str, str]]]:
        """Every recorded attempt, removed from the file (the caller writes them to the audit log); unknown logins
        come with no agent id."""
        with self._lock:
            doc = self.document()
            out: list[tuple[str | None, dict[str, str]]] = [
                (s.agent_id, _as_kept(a)) for s in doc.slots.values() for a in s.pending_attempts
            ]
            out.extend((None, _as_kept(a)) for a in doc.unknown_attempts)
            for s in doc.slots.values():
                s.pending_attempts = []
            doc.unknown_attempts = []
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


def _as_kept(attempt: dict[str, str]) -> dict[str, str]:
    """A success is never kept in the file (`unlock` hands it to its caller): one found there was written by someone
    without the key (counter audit: a forged, backdated login of another agent went into the audit chain), and is
    audited as an attempt not recognised (connexion.inconnue)."""
    return {**attempt, "outcome": "non_reconnu"} if attempt.get("outcome") == "succes" else attempt


def _trim_decoys(doc: SlotDocument) -> None:
    """Keep the file bounded: the unknown logins tried longest ago are forgotten first."""
    if len(doc.decoys) > MAX_DECOYS:
        stamps = {k: (d.last_failure_at.timestamp() if d.last_failure_at else 0.0) for k, d in doc.decoys.items()}
        for key in sorted(stamps, key=stamps.__getitem__)[: len(doc.decoys) - MAX_DECOYS]:
            del doc.decoys[key]
    if len(doc.unknown_attempts) > 10 * MAX_DECOYS:
        doc.unknown_attempts = doc.unknown_attempts[-10 * MAX_DECOYS :]


class SlotKeyProvider:
    """A KeyProvider (desktop/models/keys.py) whose key was unwrapped from an agent's slot."""

    def __init__(self, unlocked: Unlocked) -> None:
        self._key = unlocked.database_key

    @property
    def description(self) -> str:
        return _("Clé de la base déverrouillée par le mot de passe de l'agent")

    def database_key(self) -> bytes:
        return self._key
