"""The registry picks the machine-wide file store unless the keyring is asked for (and usable)."""

from __future__ import annotations

from pathlib import Path

import keyring
from keyring.backends import fail

from desktop.keystore.files import StationFileStore
from desktop.keystore.oskeyring import KeyringSecretStore
from desktop.keystore.registry import make_secret_store
from desktop.settings import Settings


def test_default_is_the_file_store_in_the_data_folder(tmp_path: Path) -> None:
    store = make_secret_store(Settings(data_dir=tmp_path))
    assert isinstance(store, StationFileStore) and store.folder == tmp_path / "keys"


def test_keyring_when_asked_for(tmp_path: Path) -> None:
    store = make_secret_store(Settings(data_dir=tmp_path, secret_store="trousseau", station_code="X-1"))
    assert isinstance(store, KeyringSecretStore) and store.station_code == "X-1"


def test_demo_never_uses_the_keyring(tmp_path: Path) -> None:
    store = make_secret_store(Settings(data_dir=tmp_path, secret_store="trousseau", demo=True))
    assert isinstance(store, StationFileStore)


def test_keyring_asked_for_but_absent_falls_back_and_says_so(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    store = make_secret_store(Settings(data_dir=tmp_path, secret_store="trousseau"))
    assert isinstance(store, StationFileStore)
    assert store.description.startswith("Trousseau système demandé mais absent")
