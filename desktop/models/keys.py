"""Where the database key comes from: the station's secret store (desktop/keystore), an agent's slot, or the caller."""

from __future__ import annotations

import logging
from typing import Protocol

from desktop.i18n import _
from desktop.keystore.base import SecretStore, get_or_create_key

log = logging.getLogger(__name__)

KEY_BYTES = 32
KEY_NAME = "database-key"


class KeyProvider(Protocol):
    """Gives the 256-bit key of the local database."""

    @property
    def description(self) -> str:
        """French words for the Appareils screen: where the key is kept."""
        ...

    def database_key(self) -> bytes: ...


class StoredKeyProvider:
    """A random key kept in the station's secret store, created on first use (the demo, tools, older stations)."""

    def __init__(self, store: SecretStore) -> None:
        self._store = store

    @property
    def description(self) -> str:
        return _("Clé de la base gardée avec les secrets du poste ({description})").format(
            description=self._store.description
        )

    def database_key(self) -> bytes:
        key, created = get_or_create_key(self._store, KEY_NAME, KEY_BYTES)
        if created:
            log.info("new database key created (%s)", type(self._store).__name__)
        return key


class StaticKeyProvider:
    """A key given by the caller (tests, tools that were handed the key)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("database key must be 32 bytes")
        self._key = key

    @property
    def description(self) -> str:
        return _("Clé fournie au démarrage")

    def database_key(self) -> bytes:
        return self._key
