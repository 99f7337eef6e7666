"""The secret store Protocol: text secrets kept by name, plus the 'random key, created once' every caller needs."""

from __future__ import annotations

import secrets
from typing import Protocol

from desktop.i18n import _


class SecretStoreError(Exception):
    """A secret that cannot be read or kept; the message is French and names no secret value."""


class SecretStore(Protocol):
    """Named text secrets of one station (names such as 'device-secret', 'database-key', 'central-credentials')."""

    @property
    def description(self) -> str:
        """French words for the Appareils screen and the log: where the secrets are kept."""
        ...

    def get(self, name: str) -> str | None:
        """The secret, or None when none is kept under that name."""
        ...

    def set(self, name: str, value: str) -> None:
        """Keep `value` under `name`, replacing what was there."""
        ...

    def create(self, name: str, value: str) -> bool:
        """Keep `value` only if nothing is kept under `name` yet: False when something was (it stays)."""
        ...

    def delete(self, name: str) -> None:
        """Forget the secret (nothing happens when there is none)."""
        ...


def get_or_create_key(store: SecretStore, name: str, size: int) -> tuple[bytes, bool]:
    """A random key of `size` bytes kept as hex under `name`, created on first use: (key, created now).

    Two processes (or two OS users of one station) asking at once both get the key that was kept first.
    """
    stored = store.get(name)
    if stored:
        return bytes.fromhex(stored), False
    fresh = secrets.token_bytes(size)
    if store.create(name, fresh.hex()):
        return fresh, True
    stored = store.get(name)
    if not stored:
        raise SecretStoreError(
            _("Le secret « {name} » n'a pas pu être conservé ({description}).").format(
                name=name, description=store.description
            )
        )
    return bytes.fromhex(stored), False
