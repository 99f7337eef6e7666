"""A small disk of its own for a test: a real tmpfs mounted on a folder (Linux, root), filled to the last byte or
made read-only, so that a write fails as it does at a station whose disk is full (ENOSPC, SQLite's SQLITE_FULL) or
read-only (EROFS), not through a stub.

The mount is made with the `mount(2)` system call (ctypes), no process started: a quick test may use it. A test
that cannot mount (not root, not Linux, in a container without the right) is skipped.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

MS_RDONLY = 1
MS_REMOUNT = 32
MNT_DETACH = 2
PAGE = 4096  # what tmpfs allocates a file's bytes by


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)  # the process's own C library (find_library starts ldconfig)


class SmallDisk:
    """A tmpfs of `size` bytes on `path`; `fill()` takes every free byte, `free()` gives them back."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.size = size
        self._filler = path / ".filler"

    def fill(self, *, leave: int = 0) -> None:
        """Write until the disk says it is full (ENOSPC): the next write of anyone fails. `leave` bytes (whole
        4 KiB pages: tmpfs counts pages) are given back, room for that much and no more."""
        with open(self._filler, "ab", buffering=0) as f:
            chunk = b"\0" * 65536
            while len(chunk):
                try:
                    f.write(chunk)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    chunk = chunk[: len(chunk) // 2]
        if leave:
            os.truncate(self._filler, self._filler.stat().st_size - leave)

    def free(self) -> None:
        """The support staff freed the space."""
        self._filler.unlink(missing_ok=True)

    def read_only(self, yes: bool = True) -> None:
        """Remount read-only (a root process cannot write either), or read-write again."""
        flags = MS_REMOUNT | (MS_RDONLY if yes else 0)
        if _libc().mount(b"tmpfs", os.fsencode(self.path), b"tmpfs", flags, f"size={self.size}".encode()) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))


def mount_small_disk(path: Path, size: int = 4 << 20) -> SmallDisk:
    """Mount a tmpfs of `size` bytes on `path` (created), or skip the test when this machine does not allow it."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("needs root on Linux (mounts a small tmpfs to fill it)")
    path.mkdir(parents=True, exist_ok=True)
    if _libc().mount(b"tmpfs", os.fsencode(path), b"tmpfs", 0, f"size={size},mode=0755".encode()) != 0:
        pytest.skip(f"cannot mount a tmpfs here: {os.strerror(ctypes.get_errno())}")
    return SmallDisk(path, size)


def unmount(disk: SmallDisk) -> None:
    """Detach the tmpfs (lazily: a file still open in a closed test's object does not keep it)."""
    _libc().umount2(os.fsencode(disk.path), MNT_DETACH)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 4 MiB disk of the test's own, unmounted after it."""
    disk = mount_small_disk(tmp_path / "disk")
    yield disk
    unmount(disk)


@pytest.fixture
def disk_store(store_template: Path, store_key: bytes, small_disk: SmallDisk) -> Iterator[Any]:
    """The station's store (migrated, opened with its key) on the small disk."""
    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider

    path = small_disk.path / "guichet.db"
    shutil.copyfile(store_template, path)
    opened = open_store(path, StaticKeyProvider(store_key), migrate=False)
    yield opened
    opened.close()
