"""The Null store keeps nothing: every 'created' key is new, nothing is found again."""

from __future__ import annotations

from desktop.keystore.base import get_or_create_key
from desktop.keystore.null import NullSecretStore


def test_nothing_is_kept() -> None:
    store = NullSecretStore()
    first, created = get_or_create_key(store, "device-secret", 32)
    second, _ = get_or_create_key(store, "device-secret", 32)
    assert created and len(first) == 32 and first != second
    store.set("central-credentials", "{}")
    assert store.get("central-credentials") is None
    store.delete("central-credentials")
    assert "Aucun secret" in store.description
