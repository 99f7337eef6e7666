"""The one writer of station files that must stay private (keys, secrets, credentials, key slots).

Private means: never world-readable. In a station's shared data folder (Linux: group `guichet`, setgid, 2770, see
docs/ARCHITECTURE.md) the counter's OS users all run Guichet on the same store, so a file is also readable by the
folder's group (0640: every write goes through a temp file renamed into place, so the group never needs to write
the file itself, only the folder). Anywhere else (a developer's folder, the demo, tests) it is owner-only (0600).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

SHARED_FOLDER_MODE = 0o2770  # setgid: files created inside get the folder's group
SHARED_UMASK = 0o007  # what the app and SQLite create in a shared folder: 0660 files, 2770 folders


def _nearest_existing(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate
    return None


def shared_folder(folder: Path) -> bool:
    """True when `folder` (or the nearest existing folder above it) is a station folder shared by its group."""
    if os.name != "posix":
        return False  # Windows: the installer's ACLs on C:\ProgramData\Guichet decide, not mode bits
    existing = _nearest_existing(folder)
    if existing is None:
        return False
    mode = existing.stat().st_mode
    return bool(mode & stat.S_ISGID) and bool(mode & stat.S_IWGRP)


def private_mode(folder: Path) -> int:
    """The mode of a private file written in `folder`: group-readable in a shared folder, else owner-only."""
    return 0o640 if shared_folder(folder) else 0o600


def create_shared_file(path: Path) -> bool:
    """Create an empty file every OS user of the station writes in place (the database): 0660 in the shared
    folder, else 0600. SQLite would create it 0644 (then its WAL and shared memory like it): group read-only, and
    readable by all. False when it already existed."""
    mode = 0o660 if shared_folder(path.parent) else 0o600
    ensure_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return False
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # the umask may have removed the group's bits
    finally:
        os.close(fd)
    return True


def ensure_folder(folder: Path) -> None:
    """Create `folder` and its missing parents: 2770 inside a shared folder, else owner-only (0700)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    if not missing:
        return
    mode = SHARED_FOLDER_MODE if shared_folder(folder) else 0o700
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another process (or OS user) created it first: theirs has the right mode
        created.chmod(mode)  # explicit: mkdir's mode goes through the umask, and the umask drops setgid nowhere


def share_with_station_group(data_dir: Path) -> bool:
    """In a shared data folder, make what this process creates group-writable and never world-readable.

    SQLite (database, WAL, shared memory), the log handler (and its rotation) and the receipt writers create their
    files themselves: a process-wide umask of 007 is the one place that reaches all of them. True when applied.
    """
    if not shared_folder(data_dir):
        return False
    os.umask(SHARED_UMASK)
    return True


def write_private(path: Path, data: bytes, *, replace: bool = False, mode: int | None = None) -> bool:
    """Write `data` to `path`, never world-readable, whole or not at all (temp file, fsync, then into place).

    `mode` defaults to private_mode(path.parent). With `replace=False` the file is only created: False when it
    already existed (another process got there first, the caller reads theirs). With `replace=True` it is
    atomically replaced.
    """
    if mode is None:
        mode = private_mode(path.parent)
    if mode & 0o007:
        raise ValueError("a private file is never world-accessible")
    ensure_folder(path.parent)
    import secrets  # hmac and hashlib: not on the way to the window's first frame (desktop/logs.py imports this)

    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # the umask may have removed the group's bits
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
            _fsync_folder(path.parent)
            return True
        try:
            os.link(tmp, path)  # fails if the file exists: never overwrites a key already in use
        except FileExistsError:
            return False
        _fsync_folder(path.parent)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable: a crash then leaves the old file or the new one, never none."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder: the rename is still atomic there
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class ForeignFolder(OSError):
    """This OS user's private folder exists but is not theirs (another user's, or a link): nothing is written there."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"not this user's folder: {folder}")
        self.folder = folder


def owner_only_folder(parent: Path) -> Path:
    """A folder only this OS user can enter, for files with personal data in clear (receipt PDFs).

    In the station's shared folder (machine-wide install, group `guichet`, 2770) every OS user of the counter writes
    receipts, so `parent` stays the group's (2770: each user may create a folder in it) and each user gets
    `parent/u<uid>` at 0700, where nobody else (group included) can list or read. Elsewhere `parent` itself is
    made 0700.

    Another user of the group could name a folder `u<uid>` first, or link it elsewhere, or (the parent being
    writable by the group) rename this user's away and put theirs in its place: receipts written there would be
    theirs to delete or swap. So `parent` is made sticky when this user owns it (3770: an entry is renamed or
    deleted by its owner only; the Linux package makes it so), and `u<uid>` is used only when it is a real folder
    of this user, else `ForeignFolder` (session 23).
    """
    ensure_folder(parent)
    if not shared_folder(parent) or not hasattr(os, "getuid"):
        _restrict(parent, 0o700)
        return parent
    uid = os.getuid()
    info = parent.stat()
    if info.st_uid == uid and not info.st_mode & stat.S_ISVTX:
        parent.chmod(stat.S_IMODE(info.st_mode) | stat.S_ISVTX)
    mine = parent / f"u{uid}"
    with contextlib.suppress(FileExistsError):
        mine.mkdir(mode=0o700)
    found = mine.lstat()
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != uid:
        raise ForeignFolder(mine)
    _restrict(mine, 0o700)
    return mine


def _restrict(folder: Path, mode: int) -> None:
    if os.name != "posix":
        return  # Windows: the folder's ACLs decide
    info = folder.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != mode:
        folder.chmod(mode)


def create_owner_only(path: Path, data: bytes) -> None:
    """Write a new file readable by its owner only (0600, whatever the umask); FileExistsError if it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise


def remove_stale_temps(folder: Path) -> int:
    """Delete the temp files write_private left behind when a process died mid-write (issue 15, item 8: an old key
    slot file may be among them). Only files whose writer is gone, by process id, or older than an hour."""
    import re
    import time

    pattern = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}$")
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or not entry.is_file():
            continue
        pid = int(match.group(1))
        try:
            old = time.time() - entry.stat().st_mtime > 3600
        except OSError:
            continue
        if pid == os.getpid() or not (old or not _alive(pid)):
            continue
        try:
            entry.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap check: the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another OS user's process
    return True
