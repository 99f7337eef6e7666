"""The station's file store: one private file per secret, shared by the station's group, never world-readable."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from desktop.keystore.base import SecretStoreError, get_or_create_key
from desktop.keystore.files import StationFileStore


def test_get_set_create_delete(tmp_path: Path) -> None:
    store = StationFileStore(tmp_path / "keys")
    assert store.get("central-credentials") is None
    store.set("central-credentials", '{"token": "t1"}')
    assert store.get("central-credentials") == '{"token": "t1"}'
    assert (tmp_path / "keys" / "central-credentials.json").is_file()  # the name older versions used
    assert not store.create("central-credentials", "other")  # create never replaces
    store.set("central-credentials", '{"token": "t2"}')
    assert store.get("central-credentials") == '{"token": "t2"}'
    store.delete("central-credentials")
    store.delete("central-credentials")  # twice is fine
    assert store.get("central-credentials") is None
    assert store.create("escrow-hint", "x") and (tmp_path / "keys" / "escrow-hint.secret").is_file()
    with pytest.raises(ValueError):
        store.path("../../etc/passwd")


def test_outside_a_shared_folder_files_are_owner_only(tmp_path: Path) -> None:
    store = StationFileStore(tmp_path / "keys")
    store.set("device-secret", "ab" * 32)
    assert stat.S_IMODE((tmp_path / "keys" / "device.secret").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700


def test_in_the_shared_folder_files_are_the_groups_and_never_world_readable(shared_folder: Path) -> None:
    group = shared_folder.stat().st_gid
    store = StationFileStore(shared_folder / "keys")
    key, created = get_or_create_key(store, "device-secret", 32)
    store.set("central-credentials", "{}")
    keys = shared_folder / "keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o2770 and keys.stat().st_gid == group
    for name in ("device.secret", "central-credentials.json"):
        info = (keys / name).stat()
        assert stat.S_IMODE(info.st_mode) == 0o640, name  # the group reads; every write is a rename
        assert info.st_gid == group, name  # inherited from the setgid folder
        assert not info.st_mode & 0o007, name
    assert created and get_or_create_key(StationFileStore(keys), "device-secret", 32) == (key, False)


def test_two_processes_creating_at_once_agree(tmp_path: Path) -> None:
    results: list[bytes] = []

    def create() -> None:
        results.append(get_or_create_key(StationFileStore(tmp_path / "keys"), "database-key", 32)[0])

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and len(results) == 8


def test_unreadable_secret_says_what_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = StationFileStore(tmp_path / "keys")
    store.set("device-secret", "00")

    def refuse(self: Path, encoding: str | None = None) -> str:
        raise PermissionError(13, "denied")

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(SecretStoreError, match="groupe du dossier du poste"):
        store.get("device-secret")
