"""The database key an administrator gives in a file (`guichet audit|store --key-file`): read once, told apart."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.french import os_error
from desktop.givenfile import read_given
from desktop.i18n import _

KEY_FILE_MAX_BYTES = 64 * 1024  # 64 hex digits and a newline; a link to a device or a disk image is refused unread


class KeyFileError(ValueError):
    """The key file cannot be used; the French sentence names it and says why."""


def read_key_file(path: Path) -> bytes:
    """The key written in hexadecimal in `path` (spaces and a final newline ignored); KeyFileError otherwise.

    A FIFO or a link to a device given as --key-file waited for ever or read until the memory ran out, and a missing
    file was said as « La base ne s'ouvre pas avec cette clé »."""
    try:
        text = read_given(path, limit=KEY_FILE_MAX_BYTES).decode("ascii")
        return bytes.fromhex(text.strip())
    except OSError as exc:
        raise KeyFileError(
            _("Fichier de clé {path} illisible (option --key-file) : {reason}").format(path=path, reason=os_error(exc))
        ) from None
    except ValueError:  # not ASCII, not hexadecimal
        raise KeyFileError(
            _("Le fichier {path} (option --key-file) ne contient pas une clé en hexadécimal.").format(path=path)
        ) from None
