"""The station's receipt keys are made at its first start: three files. A disk that fills between them left one or
two behind, and every start after that, space freed or not, stopped on « Des clés de station existent déjà » (the set
incomplete, so not loaded; partly there, so not made again): the IT staff had to find and delete key files by hand.
Now the keys are written whole or not at all (a real full disk: tests/diskkit.py)."""

from __future__ import annotations

import errno

import pytest
from diskkit import PAGE, SmallDisk

from desktop.failures import plain_failure
from desktop.receipts.keys import load_or_create_station_signer


def test_keys_cut_short_by_a_full_disk_are_made_again_once_space_is_freed(small_disk: SmallDisk) -> None:
    folder = small_disk.path / "keys"
    small_disk.fill(leave=2 * PAGE)  # room for two of the three files
    with pytest.raises(OSError) as info:
        load_or_create_station_signer(folder)
    assert info.value.errno == errno.ENOSPC and "plein" in (plain_failure(info.value) or "")
    assert not any(folder.iterdir()), "a half-made key set was left behind"
    small_disk.free()
    signer = load_or_create_station_signer(folder)  # before: KeyStoreError « Des clés de station existent déjà »
    assert load_or_create_station_signer(folder).key_id == signer.key_id
