"""The device secret mixed into every key slot: in the OS keystore, or an owner-only file where there is none."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import keyring

from desktop.models.keys import SERVICE, keystore_available
from desktop.privatefile import read_or_create_secret

log = logging.getLogger(__name__)
SECRET_BYTES = 32


class DeviceSecret:
    """A random 256-bit secret that never leaves this machine: a stolen keyslots.json alone is not enough."""

    def __init__(self, station_code: str, fallback_file: Path, *, use_keystore: bool | None = None) -> None:
        self._account = f"device-secret:{station_code}"
        self._file = fallback_file
        self._use_keystore = keystore_available() if use_keystore is None else use_keystore
        self._cached: bytes | None = None

    @property
    def in_keystore(self) -> bool:
        return self._use_keystore

    @property
    def description(self) -> str:
        """French words for the Appareils screen: where the device secret is kept."""
        if self._use_keystore:
            return "Secret du poste conservé dans le trousseau du système"
        return (
            "Pas de trousseau système : secret du poste dans un fichier lisible par son seul propriétaire "
            f"({self._file})"
        )

    def get(self) -> bytes:
        """The secret, created on first use."""
        if self._cached is None:
            self._cached = self._load_or_create()
        return self._cached

    def _load_or_create(self) -> bytes:
        if self._use_keystore:
            stored = keyring.get_password(SERVICE, self._account)
            if stored:
                return bytes.fromhex(stored)
            secret = secrets.token_bytes(SECRET_BYTES)
            keyring.set_password(SERVICE, self._account, secret.hex())
            log.info("device secret created in the OS keystore")
            return secret
        secret, created = read_or_create_secret(self._file, SECRET_BYTES)
        if created:
            log.warning("no OS keystore: device secret kept in an owner-only file")
        return secret
