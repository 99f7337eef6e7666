"""The OS user's keyring (Secret Service, Keychain, Credential Manager) through `keyring`: opt-in only.

Kept for stations where exactly one OS account ever runs Guichet (a kiosk session) and the administrator wants the
device secret out of the data folder, so that a copy of that folder alone opens nothing. It is per OS user: a
second OS user of the same PC would not see these secrets (see desktop/keystore/files.py), hence not the default.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backends import fail as keyring_fail

from desktop.i18n import _
from desktop.keystore.base import SecretStoreError

SERVICE = "guichet"


def keyring_available() -> bool:
    """True when keyring has a usable backend (not the 'fail' one of headless machines)."""
    backend = keyring.get_keyring()
    if isinstance(backend, keyring_fail.Keyring):
        return False
    try:
        keyring.get_password(SERVICE, "probe")
    except keyring.errors.KeyringError:
        return False
    return True


class KeyringSecretStore:
    """Secrets under service 'guichet', account '<name>:<station code>' (the accounts older versions used)."""

    def __init__(self, station_code: str) -> None:
        self.station_code = station_code

    @property
    def description(self) -> str:
        return _("Secrets du poste dans le trousseau du système de cet utilisateur")

    def _account(self, name: str) -> str:
        return f"{name}:{self.station_code}"

    def get(self, name: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, self._account(name)) or None
        except keyring.errors.KeyringError:
            raise SecretStoreError(_("Le trousseau du système ne répond pas : déverrouillez la session.")) from None

    def set(self, name: str, value: str) -> None:
        try:
            keyring.set_password(SERVICE, self._account(name), value)
        except keyring.errors.KeyringError:
            raise SecretStoreError(_("Le trousseau du système refuse d'enregistrer le secret du poste.")) from None

    def create(self, name: str, value: str) -> bool:
        # A keyring has no 'create if absent': one OS user's session is one process at a time here.
        if self.get(name) is not None:
            return False
        self.set(name, value)
        return True

    def delete(self, name: str) -> None:
        try:
            keyring.delete_password(SERVICE, self._account(name))
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError:
            raise SecretStoreError(_("Le trousseau du système ne répond pas : déverrouillez la session.")) from None
