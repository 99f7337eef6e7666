"""A lock held across threads and processes: several OS users' Guichet may run at once on one station's files."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from types import TracebackType

from desktop.privatefile import create_shared_file


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for about 10 s, then raises: try again
                return
            except OSError:
                continue
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """`with lock:` holds an exclusive lock on `path` (a lock file, 0660 in the shared station folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread = threading.Lock()  # flock is per open file: threads of one process need their own lock
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        self._thread.acquire()
        try:
            create_shared_file(self.path)  # every OS user of the station must be able to open it
            fd = os.open(self.path, os.O_RDWR)
            try:
                _lock(fd)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
        except BaseException:
            self._thread.release()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        fd, self._fd = self._fd, None
        try:
            if fd is not None:
                try:
                    _unlock(fd)
                finally:
                    os.close(fd)
        finally:
            self._thread.release()
