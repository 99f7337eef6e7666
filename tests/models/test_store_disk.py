"""The local store on a disk that is full or read-only (a real tmpfs, tests/diskkit.py): opening it says so.

Before, any failure of the first read was taken for a wrong key: a store on a disk gone read-only, or full (SQLite
must make its shared-memory file beside it), stopped the start-up on « la clé ne correspond pas ou le fichier est
endommagé » (the demo), or « Une erreur interne est survenue » (the login), where the IT staff had a disk to free or
to remount. A wrong key is still a wrong key.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3
from diskkit import SmallDisk
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desktop.failures import plain_failure
from desktop.models.db import StoreError, open_store
from desktop.models.keys import StaticKeyProvider


def _copy(store_template: Path, disk: SmallDisk) -> Path:
    path = disk.path / "guichet.db"
    shutil.copyfile(store_template, path)
    return path


def test_a_store_on_a_read_only_disk_is_said_read_only_not_a_wrong_key(
    store_template: Path, store_key: bytes, small_disk: SmallDisk
) -> None:
    path = _copy(store_template, small_disk)
    small_disk.read_only()
    with pytest.raises((OSError, DBAPIError, sqlcipher3.DatabaseError)) as info:
        open_store(path, StaticKeyProvider(store_key)).close()
    assert not isinstance(info.value, StoreError)
    assert "lecture seule" in (plain_failure(info.value) or ""), repr(info.value)
    with pytest.raises(StoreError):  # the wrong key on the same disk
        open_store(path, StaticKeyProvider(b"\x01" * 32))


def test_a_store_on_a_full_disk_is_said_full_then_opens_once_space_is_freed(
    store_template: Path, store_key: bytes, small_disk: SmallDisk
) -> None:
    path = _copy(store_template, small_disk)
    small_disk.fill()
    with pytest.raises((OSError, DBAPIError, sqlcipher3.DatabaseError)) as info:
        open_store(path, StaticKeyProvider(store_key)).close()
    assert not isinstance(info.value, StoreError)
    assert "plein" in (plain_failure(info.value) or ""), repr(info.value)
    small_disk.free()
    store = open_store(path, StaticKeyProvider(store_key))
    try:
        with store.read() as s:
            assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        store.close()
