"""The device secret mixed into every key slot, kept in the station's secret store (desktop/keystore)."""

from __future__ import annotations

import logging

from desktop.keystore.base import SecretStore, get_or_create_key

log = logging.getLogger(__name__)
SECRET_BYTES = 32
SECRET_NAME = "device-secret"


class DeviceSecret:
    """A random 256-bit secret that never leaves this machine: a stolen keyslots.json alone is not enough."""

    def __init__(self, store: SecretStore) -> None:
        self.store = store
        self._cached: bytes | None = None

    @property
    def description(self) -> str:
        """French words for the Appareils screen: where the device secret is kept."""
        return self.store.description

    def get(self) -> bytes:
        """The secret, created on first use."""
        if self._cached is None:
            secret, created = get_or_create_key(self.store, SECRET_NAME, SECRET_BYTES)
            if created:
                log.info("device secret created (%s)", type(self.store).__name__)
            self._cached = secret
        return self._cached
