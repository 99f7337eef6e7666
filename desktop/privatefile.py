"""Files only their owner may read (keys, secrets, credentials): written whole, 0600 from their first byte."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_private(path: Path, data: bytes, *, replace: bool = False) -> bool:
    """Write `data` to `path`, owner-only, whole or not at all (temp file, fsync, then into place).

    With `replace=False` the file is only created: False when it already existed (another process got there
    first, the caller reads theirs). With `replace=True` it is atomically replaced.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)  # fails if the file exists: never overwrites a key already in use
        except FileExistsError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)


def read_or_create_secret(path: Path, size: int) -> tuple[bytes, bool]:
    """A random secret of `size` bytes kept as hex in an owner-only file: (secret, created now)."""
    if not path.exists():
        created = write_private(path, secrets.token_bytes(size).hex().encode("ascii"))
        return bytes.fromhex(path.read_text(encoding="ascii").strip()), created
    return bytes.fromhex(path.read_text(encoding="ascii").strip()), False
