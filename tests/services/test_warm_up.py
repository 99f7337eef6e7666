"""The store's file read into the OS cache after a login (desktop/services/warm_up.py).

Residency is read with mincore(2) after the file's pages were dropped from the cache (`posix_fadvise(DONTNEED)` on
clean pages); where the file system keeps them anyway (tmpfs), the test is skipped.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import sys
import threading
from pathlib import Path

import pytest

from desktop.services import warm_up as warm

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mincore and fadvise: Linux")


@pytest.fixture(autouse=True)
def _fresh_process_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warm, "_started", set())


def _resident(path: Path) -> int:
    """Bytes of the file in the OS cache: mincore(2) over a private mapping (no page of it is written)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mincore.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_ubyte))
    size, page = path.stat().st_size, mmap.PAGESIZE
    pages = (size + page - 1) // page
    vector = (ctypes.c_ubyte * pages)()
    with path.open("rb") as file, mmap.mmap(file.fileno(), size, access=mmap.ACCESS_COPY) as mapped:
        anchor = ctypes.c_char.from_buffer(mapped)
        try:
            if libc.mincore(ctypes.addressof(anchor), size, vector) != 0:
                raise OSError(ctypes.get_errno(), "mincore")
        finally:
            del anchor  # the mapping closes only once nothing points into it
    resident = sum(1 for flag in vector if flag & 1)
    return min(size, resident * page)


def _cold_file(folder: Path, size: int) -> Path:
    path = folder / "store.db"
    with path.open("wb") as file:
        file.write(os.urandom(size))
        file.flush()
        os.fsync(file.fileno())
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    if _resident(path) > size // 4:
        pytest.skip("this file system keeps the file's pages in memory (tmpfs)")
    return path


@linux_only
def test_a_cold_store_file_is_in_the_cache_after_the_warm_up(tmp_path: Path) -> None:
    size = 8 << 20
    path = _cold_file(tmp_path, size)
    thread = warm.warm_up(path)
    assert thread is not None and thread.daemon and thread.name == "store-warm-up"
    thread.join(30)
    assert not thread.is_alive()
    assert _resident(path) == size


@linux_only
def test_without_sendfile_the_file_is_read_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = 3 * warm.CHUNK + 12_345  # not a whole number of chunks
    path = _cold_file(tmp_path, size)
    monkeypatch.delattr(os, "sendfile")
    assert warm.read_into_cache(path) == size
    assert _resident(path) == size


@linux_only
def test_a_refused_sendfile_falls_back_to_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = 2 * warm.CHUNK
    path = _cold_file(tmp_path, size)

    def refused(*_args: object) -> int:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "sendfile", refused)
    assert warm.read_into_cache(path) == size
    assert _resident(path) == size


def test_the_wal_is_read_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database, wal = tmp_path / "store.db", tmp_path / "store.db-wal"
    database.write_bytes(b"d" * 5000)
    wal.write_bytes(b"w" * 700)
    read: list[tuple[str, int]] = []
    original = warm.read_into_cache
    monkeypatch.setattr(warm, "read_into_cache", lambda p: read.append((p.name, original(p))) or 0)
    thread = warm.warm_up(database)
    assert thread is not None
    thread.join(10)
    assert read == [("store.db", 5000), ("store.db-wal", 700)]


def test_nothing_is_read_for_a_missing_empty_or_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert warm.warm_up(tmp_path / "absent.db") is None
    empty = tmp_path / "empty.db"
    empty.touch()
    assert warm.warm_up(empty) is None
    large = tmp_path / "large.db"
    large.write_bytes(b"x" * 4096)
    monkeypatch.setattr(warm, "memory_limit", lambda: 4095)
    assert warm.warm_up(large) is None
    monkeypatch.setattr(warm, "memory_limit", lambda: 4096)
    thread = warm.warm_up(large)
    assert thread is not None
    thread.join(10)


def test_once_a_process_for_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(b"x" * 4096)
    first = warm.warm_up(path)
    assert first is not None
    first.join(10)
    assert warm.warm_up(path) is None
    assert warm.warm_up(tmp_path / "." / "store.db") is None  # the same file by another spelling


def test_the_memory_limit_is_a_quarter_of_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {"SC_PHYS_PAGES": 1000, "SC_PAGE_SIZE": 4096}
    monkeypatch.setattr(os, "sysconf", lambda name: values[name], raising=False)
    assert warm.memory_limit() == 1000 * 4096 // 4

    def unknown(_name: str) -> int:
        raise ValueError("unknown name")

    monkeypatch.setattr(os, "sysconf", unknown, raising=False)
    assert warm.memory_limit() == warm.FALLBACK_LIMIT


def test_an_error_while_reading_stops_the_thread_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(b"x" * 4096)
    escaped: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: escaped.append(args.exc_value))

    def unreadable(_path: Path) -> int:
        raise PermissionError(13, "Permission denied", str(_path))

    monkeypatch.setattr(warm, "read_into_cache", unreadable)
    with caplog.at_level("INFO", logger=warm.__name__):
        thread = warm.warm_up(path)
        assert thread is not None
        thread.join(10)
    assert escaped == []
    assert [r.getMessage() for r in caplog.records] == ["store warm-up stopped: PermissionError"]
    assert str(tmp_path) not in caplog.text  # the path names the agent's folder: never logged


@linux_only
def test_the_thread_runs_at_the_background_priority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(b"x" * 4096)
    seen: list[int] = []

    def record(_path: Path) -> int:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return 0

    monkeypatch.setattr(warm, "read_into_cache", record)
    here = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = warm.warm_up(path)
    assert thread is not None
    thread.join(10)
    assert seen and seen[0] == min(19, here + 10)
