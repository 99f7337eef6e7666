"""Demo mode: fictitious data, simulated devices and a local central store, in a folder of its own.

`seed` writes the demo station, agent and procurations through the real services; `central` runs a real
`guichet-central` on 127.0.0.1 for the demo. This module only makes and removes the demo's throw-away folder, so
that importing it costs nothing at start-up.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FOLDER_PREFIX = "guichet-demo-"
LOCK = "demo.lock"  # held by the demo using the folder, for its whole life: the OS lets go when it ends, however


@contextmanager
def demo_folder() -> Iterator[Path]:
    """A fresh folder for one demo run, removed when the demo ends: the demo always starts from known data, and a
    day of demos leaves nothing behind, not even the folders of demos killed on the spot (removed by the next)."""
    sweep_left_folders()
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    held = _hold(folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if held is not None:
            os.close(held)


def _hold(folder: Path) -> int | None:
    """Lock the folder's lock file, made under another name and renamed once locked: a sweep never sees it free
    while its demo lives."""
    if sys.platform == "win32":
        return None  # see sweep_left_folders
    import fcntl

    fresh = folder / f".{LOCK}.new"
    fd = os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)  # not inherited by the central store's process
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.rename(fresh, folder / LOCK)
    return fd


def sweep_left_folders() -> int:
    """Remove the folders of this user's demos that ended without removing theirs (SIGKILL, a crash, a power cut):
    those whose lock nobody holds. A folder without a lock file (an older version's, or one being made) is left
    alone. Not on Windows: a file open there cannot be renamed, and a killed demo's folder is the system's to
    clean."""
    if sys.platform == "win32":
        return 0
    import fcntl

    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        lock = folder / LOCK
        try:
            if folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            fd = os.open(lock, os.O_RDWR | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # its demo is running
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        finally:
            os.close(fd)
    return removed
