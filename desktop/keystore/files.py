"""The default secret store: one private file per secret in the station's data folder, shared by its OS users."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.i18n import _
from desktop.keystore.base import SecretStoreError
from desktop.privatefile import write_private

# File names of the secrets older versions already wrote there, kept so those stations open unchanged.
_FILE_NAMES = {
    "device-secret": "device.secret",
    "database-key": "database.key",
    "central-credentials": "central-credentials.json",
}
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


class StationFileStore:
    """Secrets in `<data folder>/keys/`, written through desktop.privatefile (0640 in the shared folder, else 0600).

    Why files and not the OS keystore by default: a station is a machine, not an OS user. The OS keystore
    (Secret Service, Keychain, Credential Manager) is per OS user: when two agents open their own OS sessions on
    the same counter PC, the second one would not find the device secret the first one created, and could not open
    the key slots of the shared store. A file in the machine-wide data folder, readable by the station's group
    (`guichet` on Linux) and by nobody else, is found by every OS user of the counter.
    """

    def __init__(self, folder: Path, *, note: str = "") -> None:
        self.folder = folder
        self._note = note  # e.g. why not the keyring that was asked for

    @property
    def description(self) -> str:
        return _("{note}Secrets du poste dans un fichier protégé du dossier du poste ({folder})").format(
            note=self._note, folder=self.folder
        )

    def path(self, name: str) -> Path:
        if not _NAME.fullmatch(name):
            raise ValueError("secret names are lower-case letters, digits and dashes")
        return self.folder / _FILE_NAMES.get(name, f"{name}.secret")

    def get(self, name: str) -> str | None:
        path = self.path(name)
        try:
            return path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None
        except PermissionError:
            raise SecretStoreError(
                _(
                    "Le fichier {path} n'est pas lisible par cet utilisateur : il doit appartenir au groupe "
                    "du dossier du poste (guichet) et être lisible par ce groupe."
                ).format(path=path)
            ) from None

    def set(self, name: str, value: str) -> None:
        write_private(self.path(name), value.encode("utf-8"), replace=True)

    def create(self, name: str, value: str) -> bool:
        return write_private(self.path(name), value.encode("utf-8"))

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)
