"""Fixtures for the security tests: fast Argon2id (the ASVS floor), a device secret, a slot file."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.keystore.files import StationFileStore
from desktop.security.device import DeviceSecret
from desktop.security.kdf import FLOOR_PARAMS
from desktop.security.keyslots import KeySlots

STATION = "75056-01"


@pytest.fixture
def device(tmp_path: Path) -> DeviceSecret:
    """The device secret in the station's file store (the default), in the test's folder."""
    return DeviceSecret(StationFileStore(tmp_path / "keys"))


@pytest.fixture
def slots(tmp_path: Path, device: DeviceSecret) -> KeySlots:
    """An empty slot file beside a database path, with the floor Argon2id cost so tests stay fast."""
    return KeySlots.beside(tmp_path / "guichet.db", device, station_code=STATION, params=FLOOR_PARAMS)
