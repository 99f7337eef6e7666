"""Private files: written whole, never overwritten unless asked, owner-only or the shared station folder's group."""

from __future__ import annotations

from pathlib import Path

from desktop.privatefile import write_private


def test_created_owner_only_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "key"
    assert write_private(path, b"first")
    assert path.stat().st_mode & 0o777 == 0o600
    assert not write_private(path, b"second")  # creation only: the key in use stays
    assert path.read_bytes() == b"first"
    assert write_private(path, b"third", replace=True)
    assert path.read_bytes() == b"third" and path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["key"]  # no temp file left


def test_in_a_shared_station_folder_files_are_group_readable(tmp_path: Path) -> None:
    import grp
    import os
    import stat

    from desktop.privatefile import private_mode, shared_folder

    folder = tmp_path / "station"
    folder.mkdir()
    gid = grp.getgrnam("nogroup").gr_gid if os.geteuid() == 0 else os.getgid()
    os.chown(folder, -1, gid)
    assert not shared_folder(folder) and private_mode(folder) == 0o600
    folder.chmod(0o2770)
    assert shared_folder(folder) and shared_folder(folder / "keys" / "deeper")  # folders still to create
    assert write_private(folder / "keys" / "key", b"k")
    info = (folder / "keys" / "key").stat()
    assert stat.S_IMODE(info.st_mode) == 0o640 and info.st_gid == gid
    assert stat.S_IMODE((folder / "keys").stat().st_mode) == 0o2770


def test_world_access_is_refused(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(ValueError):
        write_private(tmp_path / "key", b"k", mode=0o644)


def test_umask_for_a_shared_folder_only(tmp_path: Path) -> None:
    import os

    from desktop.privatefile import SHARED_UMASK, share_with_station_group

    previous = os.umask(0o022)
    try:
        assert not share_with_station_group(tmp_path)
        assert os.umask(0o022) == 0o022
        (tmp_path / "s").mkdir()
        (tmp_path / "s").chmod(0o2770)
        assert share_with_station_group(tmp_path / "s")
        assert os.umask(0o022) == SHARED_UMASK
    finally:
        os.umask(previous)
