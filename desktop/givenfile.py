"""Reading a file someone else wrote and named to us (an option, a setting): a regular file, of a bounded size.

`Path.read_bytes()` on a FIFO named where a file is expected waited for a writer for ever; on a link to /dev/zero or
/dev/urandom it read until the memory ran out; on a file far larger than its kind ever is (a disk image given as a
stations list) it held gigabytes before the first check. Every file an operator, an administrator or another system
gives goes through `read_given`: refused before it is read, with a French reason the command lines print through
`desktop.cli.french.os_error`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from desktop.i18n import _

MB = 1024 * 1024


class GivenFileError(OSError):
    """Refused before reading: not a regular file, or larger than its kind; `strerror` says why, in French."""


def read_given(path: Path, *, limit: int) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them.

    Raises GivenFileError for a FIFO, a socket or a device (never opened: opening a FIFO waits for its writer) and
    for a file over `limit`; IsADirectoryError for a folder; the OSError of `os.stat`/`os.open` otherwise."""
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(info.st_mode):
        raise GivenFileError(
            errno.EINVAL, _("ce n'est pas un fichier ordinaire (tube, périphérique ou socket)"), str(path)
        )
    _check_size(path, info.st_size, limit)
    # O_NONBLOCK: had the path been swapped for a FIFO since the stat, the open would not wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise GivenFileError(
                errno.EINVAL, _("ce n'est pas un fichier ordinaire (tube, périphérique ou socket)"), str(path)
            )
        data = stream.read(limit + 1)
    _check_size(path, len(data), limit)  # it grew since the stat
    return data


def read_given_text(path: Path, *, limit: int, encoding: str = "utf-8") -> str:
    """`read_given`, decoded (UnicodeDecodeError on bytes not in `encoding`, as `Path.read_text`)."""
    return read_given(path, limit=limit).decode(encoding)


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise GivenFileError(
            errno.EFBIG,
            _("fichier trop volumineux ({size}, {limit} au plus pour ce fichier)").format(
                size=_shown_size(size), limit=_shown_size(limit)
            ),
            str(path),
        )


def _shown_size(size: int) -> str:
    """A size in whole kilobytes or megabytes, rounded up (never « 0 Mo » for a file refused as too large)."""
    if size < MB:
        return _("{count} ko").format(count=-(-size // 1024))
    return _("{count} Mo").format(count=-(-size // MB))
