"""Logging to a rotating file in the station's log folder (machine-wide); records carry ids, never personal data.

A desk start holds its records until the window's first frame (`hold_logging`, then `release_held`): the file is
checked writable before the window, but the rotating handler (`logging.handlers`, which imports sockets and pickle)
is made once the agent sees the window. Nothing is lost meanwhile: the held records go to the file first, in order,
with their own time; a record of level ERROR or above releases them at once, and so does the process's exit.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from io import TextIOWrapper

from desktop.privatefile import create_shared_file, ensure_folder, shared_folder

_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def _private_log(path: Path) -> None:
    """Make the log file before it is opened: 0600, or 0660 in the station's shared folder (every OS user of the
    counter appends to it), never what the umask gives (in a folder already open to all, `log_dir`, every OS user
    would read it). One this OS user made earlier open to others (before this version) is closed to them."""
    if create_shared_file(path) or os.name != "posix":
        return
    found = path.stat()
    if found.st_mode & 0o007 and found.st_uid == os.getuid():
        path.chmod(0o660 if shared_folder(path.parent) else 0o600)


def _file_handler(path: Path) -> logging.Handler:
    import logging.handlers  # sockets, pickle, queues: not before the window's first frame (see hold_logging)

    class PrivateRotatingFile(logging.handlers.RotatingFileHandler):
        """The first file, and the new one after each rotation, made private before it is opened (`_private_log`).

        A record the disk refuses (full, read-only) is counted, not reported: logging's own report printed a
        traceback to stderr for every record lost, a flood while the disk stays full. The first loss is said once on
        stderr; the first record written again is preceded by how many were lost."""

        lost = 0
        _failed = False

        def _open(self) -> TextIOWrapper:
            _private_log(Path(self.baseFilename))
            return super()._open()

        def emit(self, record: logging.LogRecord) -> None:
            if self.lost and not self._written(_lost_notice(self.lost), after_cut=True):
                self.lost += 1  # the disk still refuses: this one is lost too, untried
                return
            self.lost = 0
            if not self._written(record):
                self.lost += 1

        def _written(self, record: logging.LogRecord, *, after_cut: bool = False) -> bool:
            self._failed = False
            if after_cut:  # a refused write may have left a line cut short: the notice starts a line of its own
                with contextlib.suppress(OSError), open(self.baseFilename, "rb+") as f:
                    if f.seek(0, os.SEEK_END) > 0:
                        f.seek(-1, os.SEEK_END)
                        if f.read(1) != b"\n":
                            f.write(b"\n")
            super().emit(record)  # calls handleError on failure
            return not self._failed

        def handleError(self, record: logging.LogRecord) -> None:
            if not isinstance(sys.exc_info()[1], OSError):
                super().handleError(record)
                return
            if not self.lost and not self._failed:
                sys.stderr.write(
                    f"guichet: the log file cannot be written ({_reason()}): records are lost until it can\n"
                )
            self._failed = True
            # What the refused write left in the stream's buffer goes with it: else it came out with a later record,
            # a record counted lost and written after all. The file is opened again at the next record.
            stream, self.stream = self.stream, None
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    handler = PrivateRotatingFile(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    return handler


def _lost_notice(count: int) -> logging.LogRecord:
    return logging.LogRecord(
        "guichet.logs",
        logging.WARNING,
        __file__,
        0,
        "%d log record(s) lost: the log file could not be written (disk full or read-only)",
        (count,),
        None,
    )


def _reason() -> str:
    exc = sys.exc_info()[1]
    if not isinstance(exc, OSError):
        return "?"
    return exc.strerror or type(exc).__name__


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """One rotating file per station; returns its path."""
    ensure_folder(log_dir)  # machine-wide: 2770 in the station's shared folder
    path = log_dir / "guichet.log"
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(_file_handler(path))
    return path


class HeldRecords(logging.Handler):
    """The records logged before the rotating file handler exists, kept in order until `write_out`."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.records: list[logging.LogRecord] = []
        self.released = False

    def emit(self, record: logging.LogRecord) -> None:  # called with self.lock held (Handler.handle)
        if self.released:
            return  # between the swap and the removal: the file handler has it
        self.records.append(record)
        if record.levelno >= logging.ERROR:
            self.write_out()  # an error is on disk at once (the lock is re-entrant)

    def write_out(self) -> Path:
        """Put the rotating file handler in this one's place and write what was held to it, in order."""
        assert self.lock is not None  # made by Handler.__init__
        with self.lock:  # no record is added while the held ones are written
            if self.released:
                return self.path
            root = logging.getLogger()
            self.released = True
            held, self.records = self.records, []
            try:
                handler = _file_handler(self.path)
            except OSError:  # the folder went away since hold_logging checked it (a test's, at exit): logged nowhere
                pass
            else:
                root.addHandler(handler)
                for record in held:
                    handler.handle(record)
        root.removeHandler(self)
        return self.path


_held: HeldRecords | None = None


def hold_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Check the station's log file can be written and hold the records until `release_held` (the first frame).

    Raises OSError as `setup_logging` does when the folder or the file is not usable."""
    global _held
    ensure_folder(log_dir)
    path = log_dir / "guichet.log"
    _private_log(path)
    with open(path, "a", encoding="utf-8"):  # the rotating handler appends to it: the same errors, before the window
        pass
    held = HeldRecords(path)
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(held)
    _held = held
    atexit.register(held.write_out)  # a process ending before its first frame still writes what it logged
    return path


def release_held() -> Path | None:
    """The rotating file handler in place of the held records (no-op when nothing is held); its path."""
    global _held
    held, _held = _held, None
    if held is None:
        return None
    atexit.unregister(held.write_out)
    return held.write_out()
