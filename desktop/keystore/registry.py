"""Pick the station's secret store from its settings, as the device registry picks a reader or a printer."""

from __future__ import annotations

import logging

from desktop.keystore.base import SecretStore
from desktop.keystore.files import StationFileStore
from desktop.settings import Settings

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
    return StationFileStore(settings.keys_dir, note="Trousseau système demandé mais absent. ")
