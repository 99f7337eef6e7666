"""Where the database key comes from: the OS keystore through keyring, or an owner-only key file where there is none."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Protocol

import keyring
import keyring.errors
from keyring.backends import fail as keyring_fail

from desktop.privatefile import read_or_create_secret

log = logging.getLogger(__name__)

KEY_BYTES = 32
SERVICE = "guichet"


class KeyProvider(Protocol):
    """Gives the 256-bit key of the local database."""

    @property
    def description(self) -> str:
        """French words for the Appareils screen: where the key is kept."""
        ...

    def database_key(self) -> bytes: ...


class KeyringKeyProvider:
    """A random station key kept in the OS keystore (Secret Service, Keychain, Credential Manager)."""

    def __init__(self, station_code: str) -> None:
        self._account = f"database-key:{station_code}"

    @property
    def description(self) -> str:
        return "Clé de la base conservée dans le trousseau du système"

    def database_key(self) -> bytes:
        stored = keyring.get_password(SERVICE, self._account)
        if stored:
            return bytes.fromhex(stored)
        key = secrets.token_bytes(KEY_BYTES)
        keyring.set_password(SERVICE, self._account, key.hex())
        log.info("new database key created in the OS keystore")
        return key


class FileKeyProvider:
    """A random key in a file readable only by its owner: the fallback on machines without an OS keystore."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @property
    def description(self) -> str:
        return f"Pas de trousseau système : clé de la base dans un fichier protégé ({self._path})"

    def database_key(self) -> bytes:
        key, created = read_or_create_secret(self._path, KEY_BYTES)
        if created:
            log.warning("no OS keystore: database key kept in an owner-only file")
        return key


class StaticKeyProvider:
    """A key given by the caller (tests, tools that were handed the key)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("database key must be 32 bytes")
        self._key = key

    @property
    def description(self) -> str:
        return "Clé fournie au démarrage"

    def database_key(self) -> bytes:
        return self._key


def keystore_available() -> bool:
    """True when keyring has a usable backend (not the 'fail' one of headless machines)."""
    backend = keyring.get_keyring()
    if isinstance(backend, keyring_fail.Keyring):
        return False
    try:
        keyring.get_password(SERVICE, "probe")
    except keyring.errors.KeyringError:
        return False
    return True


def default_key_provider(station_code: str, keys_dir: Path) -> KeyProvider:
    """The OS keystore when there is one, else the key file (and the log and the Appareils screen say so)."""
    if keystore_available():
        return KeyringKeyProvider(station_code)
    return FileKeyProvider(keys_dir / "database.key")
