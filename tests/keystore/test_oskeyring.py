"""The opt-in OS keyring store, against the in-memory keyring backend of tests/conftest.py."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from desktop.keystore.base import get_or_create_key
from desktop.keystore.oskeyring import SERVICE, KeyringSecretStore, keyring_available


def test_secrets_under_the_accounts_older_versions_used(memory_keyring: KeyringBackend) -> None:
    store = KeyringSecretStore("75056-01")
    key, created = get_or_create_key(store, "device-secret", 32)
    assert created and memory_keyring.get_password(SERVICE, "device-secret:75056-01") == key.hex()
    assert get_or_create_key(store, "device-secret", 32) == (key, False)
    assert not store.create("device-secret", "00")
    store.set("central-credentials", "{}")
    assert store.get("central-credentials") == "{}"
    store.delete("central-credentials")
    store.delete("central-credentials")
    assert store.get("central-credentials") is None
    assert KeyringSecretStore("AUTRE-01").get("device-secret") is None  # one station's secrets per code
    assert "trousseau" in store.description


def test_headless_machine_has_no_keyring() -> None:
    assert keyring_available()  # the in-memory backend
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    assert not keyring_available()


def test_a_failing_keyring_speaks_french() -> None:
    from desktop.keystore.base import SecretStoreError

    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    with pytest.raises(SecretStoreError, match="trousseau du système"):
        KeyringSecretStore("75056-01").get("device-secret")
