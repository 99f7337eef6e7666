"""The store's file read into the operating system's cache after a login, in the background, once.

After a reboot (the morning at a counter) the store's file is out of the OS cache: each look-up then reads its pages
from the disk, one at a time, in random order. Over 1,000,000 procurations a look-up by name prefix reads about 200
pages: p95 14 ms on this project's SSD against 3 ms once the file is cached (bench/search.py, "cold file"); on a hard
disk, at ~10 ms a random read, the morning's first look-ups would take seconds. Read once in order, the same file is
in the cache in about a second (1.3 GB on the SSD), and every look-up after that is a warm one.

What it costs and what it never does:

* a daemon thread at the background priority (`desktop.threads.lower_priority`), started by the login once the store
  is open; on Linux the file goes to ``/dev/null`` through ``sendfile``: the kernel reads it into its cache and
  nothing is copied into the process (0.03 s of CPU for 1.3 GB); elsewhere it is read in 1 MiB chunks into one
  buffer;
* the file is only read: the database goes on through SQLCipher's own connections, and the pages stay encrypted in
  the cache as they are on the disk;
* a file larger than a quarter of the machine's memory is not read (the cache would evict what the session needs
  to keep it); an error stops the reading and is logged by its type only (the path names the agent's folder).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from desktop.threads import lower_priority

log = logging.getLogger(__name__)

CHUNK = 1 << 20  # the fallback's reads
SENDFILE_CHUNK = 1 << 24
MEMORY_SHARE = 4  # a file over 1/MEMORY_SHARE of the machine's memory is left to the look-ups
FALLBACK_LIMIT = 1 << 30  # where the machine's memory cannot be read (Windows without sysconf)

_started: set[Path] = set()
_lock = threading.Lock()


def memory_limit() -> int:
    """The largest file read in: a quarter of the physical memory, or 1 GiB where it cannot be known."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // MEMORY_SHARE
    except (AttributeError, ValueError, OSError):
        return FALLBACK_LIMIT


def warm_up(database: Path) -> threading.Thread | None:
    """Start reading `database` and its WAL into the OS cache on a background thread, once a process; None when there
    is nothing to do.

    Never raises: a missing, empty or too large file is skipped; the thread logs and stops on any error."""
    try:
        size = database.stat().st_size
        key = database.resolve()
    except OSError:
        return None
    if size == 0 or size > memory_limit():
        return None
    with _lock:
        if key in _started:  # once a process: the next agent's login finds the file in the cache already
            return None
        _started.add(key)
    thread = threading.Thread(target=_read_all, args=(database,), name="store-warm-up", daemon=True)
    thread.start()
    return thread


def _read_all(database: Path) -> None:
    lower_priority()
    try:
        for path in (database, database.with_name(database.name + "-wal")):
            if path.exists():
                read_into_cache(path)
    except OSError as exc:
        log.info("store warm-up stopped: %s", type(exc).__name__)


def read_into_cache(path: Path) -> int:
    """Read the whole file once, so that the OS keeps it in its cache; the number of bytes read."""
    if sys.platform.startswith("linux") and hasattr(os, "sendfile"):
        fd = os.open(path, os.O_RDONLY)
        try:
            return _send_to_null(fd)
        except OSError:  # a kernel that refuses sendfile to /dev/null: read it ourselves, below
            pass
        finally:
            os.close(fd)
    return _read_chunks(path)


def _send_to_null(fd: int) -> int:
    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        done = 0
        while True:
            sent = os.sendfile(sink, fd, done, SENDFILE_CHUNK)
            if sent <= 0:  # the end (a file shrinking meanwhile ends it sooner)
                return done
            done += sent
    finally:
        os.close(sink)


def _read_chunks(path: Path) -> int:
    buffer = memoryview(bytearray(CHUNK))
    done = 0
    with path.open("rb", buffering=0) as file:
        while read := file.readinto(buffer):
            done += read
    return done
