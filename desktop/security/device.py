"""The device secret mixed into every key slot, kept in the station's secret store (desktop/keystore).

Issue 15, item 2: the store that keeps it may change under the station (an OS keystore appears, or disappears).
`keyslots.json` records where the secret was and a check value of it, so `KeySlots` never creates a new secret while
slots exist: it looks in the configured store, then in the other places a secret may have been left, moves a
recognised one into the configured store, and otherwise asks for the escrow recovery.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable, Sequence

from desktop.i18n import _
from desktop.keystore.base import SecretStore, SecretStoreError, get_or_create_key

log = logging.getLogger(__name__)
SECRET_BYTES = 32
SECRET_NAME = "device-secret"

Alternates = Callable[[], Sequence[tuple[str, SecretStore]]]


def _no_alternates() -> Sequence[tuple[str, SecretStore]]:
    return ()


def check_value(secret: bytes) -> str:
    """A value that recognises the secret without revealing it (kept in keyslots.json)."""
    return hmac.new(secret, b"guichet device secret check v1", hashlib.sha256).hexdigest()[:32]


class DeviceSecret:
    """A random 256-bit secret that never leaves this machine: a stolen keyslots.json alone is not enough."""

    def __init__(self, store: SecretStore, *, location: str = "fichier", alternates: Alternates = _no_alternates):
        self.store = store
        self.location = location  # "fichier" (the data folder) or "trousseau" (the OS user's keyring)
        self._alternates = alternates  # other stores to look in, asked only when the secret is not where expected
        self._cached: bytes | None = None
        self.moved_from: str | None = None

    @property
    def description(self) -> str:
        """French words for the Appareils screen: where the device secret is kept."""
        return self.store.description

    def get(self) -> bytes:
        """The secret, created on first use (only for a station without key slots: see KeySlots)."""
        if self._cached is None:
            secret, created = get_or_create_key(self.store, SECRET_NAME, SECRET_BYTES)
            if created:
                log.info("device secret created (%s)", type(self.store).__name__)
            self._cached = secret
        return self._cached

    def _read(self, store: SecretStore) -> bytes | None:
        try:
            value = store.get(SECRET_NAME)
            return bytes.fromhex(value) if value else None
        except (SecretStoreError, ValueError):
            return None

    def find(self, check: str | None) -> bytes | None:
        """The existing secret whose check value is `check` (any when None), never a new one.

        Found in another store (the keyring that appeared or was given up), it is copied into the configured store.
        """
        if self._cached is not None and (check is None or check_value(self._cached) == check):
            return self._cached
        own = self._read(self.store)
        if own is not None and (check is None or check_value(own) == check):
            self._cached = own
            return own
        for location, store in self._alternates():
            found = self._read(store)
            if found is None or (check is not None and check_value(found) != check):
                continue
            self.store.set(SECRET_NAME, found.hex())
            if self._read(self.store) != found:
                raise SecretStoreError(_("Le secret du poste n'a pas pu être recopié dans son nouvel emplacement."))
            log.warning("device secret moved from %s to %s", location, self.location)
            if self.location == "trousseau":
                store.delete(SECRET_NAME)  # the point of the keyring: no copy left in the data folder
            self.moved_from = location
            self._cached = found
            return found
        return None

    def replace(self) -> bytes:
        """A new secret, replacing any (escrow recovery only: every slot wrapped under the old one is lost)."""
        import secrets

        fresh = secrets.token_bytes(SECRET_BYTES)
        self.store.set(SECRET_NAME, fresh.hex())
        self._cached = fresh
        log.warning("device secret replaced after an escrow recovery (%s)", type(self.store).__name__)
        return fresh
