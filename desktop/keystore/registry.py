"""Pick the station's secret store from its settings, as the device registry picks a reader or a printer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from desktop.i18n import _
from desktop.keystore.base import SecretStore
from desktop.keystore.files import StationFileStore
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.security.device import DeviceSecret

log = logging.getLogger(__name__)


def make_secret_store(settings: Settings) -> SecretStore:
    """The data folder's files (default, machine-wide), or the OS user's keyring when asked and usable."""
    if settings.secret_store != "trousseau" or settings.demo:
        # The demo keeps everything in its throw-away folder, never in an OS keystore.
        return StationFileStore(settings.keys_dir)
    from desktop.keystore.oskeyring import KeyringSecretStore, keyring_available

    if keyring_available():
        return KeyringSecretStore(settings.station_code)
    log.warning("secret_store=trousseau but no usable OS keystore: secrets kept in the station's data folder")
    return StationFileStore(settings.keys_dir, note=_("Trousseau système demandé mais absent. "))


def make_device_secret(settings: Settings) -> DeviceSecret:
    """The device secret in the station's secret store, knowing where else an older station may have left it.

    The other place is asked only when the secret is not where keyslots.json says (issue 15, item 2): a keyring
    that appeared (the secret still in the data folder) or one that was given up (secret_store changed back).
    """
    from desktop.security.device import DeviceSecret

    store = make_secret_store(settings)
    location = "trousseau" if type(store).__name__ == "KeyringSecretStore" else "fichier"

    def alternates() -> list[tuple[str, SecretStore]]:
        if settings.demo:
            return []
        if location == "trousseau":
            return [("fichier", StationFileStore(settings.keys_dir))]
        try:
            from desktop.keystore.oskeyring import KeyringSecretStore, keyring_available

            return [("trousseau", KeyringSecretStore(settings.station_code))] if keyring_available() else []
        except Exception:
            log.warning("OS keystore not usable while looking for the device secret")
            return []

    return DeviceSecret(store, location=location, alternates=alternates)
