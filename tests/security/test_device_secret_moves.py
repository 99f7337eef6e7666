"""Issue 15, item 2: the keystore changes under the station (appears or disappears) and no agent is locked out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.keystore.files import StationFileStore
from desktop.security.device import DeviceSecret
from desktop.security.kdf import FLOOR_PARAMS
from desktop.security.keyslots import DeviceSecretMissing, KeySlots, LoginRefused

STATION = "75056-01"
T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
PW = "girafe violette marche lentement"


class MemoryKeyring:
    """An OS keyring that can be plugged in and out (the in-memory keyring backend of the tests, per station)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    @property
    def description(self) -> str:
        return "Trousseau de test"

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def create(self, name: str, value: str) -> bool:
        if name in self.values:
            return False
        self.values[name] = value
        return True

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def _slots(base: Path, device: DeviceSecret) -> KeySlots:
    return KeySlots.beside(base / "guichet.db", device, station_code=STATION, params=FLOOR_PARAMS)


def test_slot_file_records_where_the_secret_lives(tmp_path: Path) -> None:
    slots = _slots(tmp_path, DeviceSecret(StationFileStore(tmp_path / "keys")))
    key = slots.initialise()
    slots.add(agent_id="a", login="alice", password=PW, database_key=key, now=T0)
    raw = json.loads(slots.path.read_text())
    assert raw["device_location"] == "fichier" and len(raw["device_check"]) == 32


def test_a_keyring_that_appears_takes_the_secret_over(tmp_path: Path) -> None:
    """Before: the new keyring had no secret, a new one was created and every password was refused."""
    files = StationFileStore(tmp_path / "keys")
    slots = _slots(tmp_path, DeviceSecret(files))  # set-up without a keyring: the secret is a file
    key = slots.initialise()
    slots.add(agent_id="a", login="alice", password=PW, database_key=key, now=T0)
    keyring = MemoryKeyring()
    moved = DeviceSecret(keyring, location="trousseau", alternates=lambda: [("fichier", files)])
    after = _slots(tmp_path, moved)
    assert after.unlock(login="alice", password=PW, now=T0).database_key == key
    assert moved.moved_from == "fichier" and keyring.get("device-secret") is not None
    assert files.get("device-secret") is None  # no copy left in the data folder
    raw = json.loads(slots.path.read_text())
    assert raw["device_location"] == "trousseau"
    # The next start finds it in the keyring directly.
    again = _slots(tmp_path, DeviceSecret(keyring, location="trousseau"))
    assert again.unlock(login="alice", password=PW, now=T0).database_key == key


def test_a_keyring_that_disappears_asks_for_escrow_recovery_and_creates_nothing(tmp_path: Path) -> None:
    """Before: a fresh secret was written to the data folder and every correct password was refused (then locked)."""
    keyring = MemoryKeyring()
    slots = _slots(tmp_path, DeviceSecret(keyring, location="trousseau"))
    key = slots.initialise()
    slots.add(agent_id="a", login="alice", password=PW, database_key=key, now=T0)
    files = StationFileStore(tmp_path / "keys")
    fallback = _slots(tmp_path, DeviceSecret(files))  # the keyring is gone: the registry falls back to files
    for _ in range(12):
        with pytest.raises(DeviceSecretMissing) as missing:
            fallback.unlock(login="alice", password=PW, now=T0)
    assert "séquestre" in missing.value.message and "trousseau" in missing.value.message
    assert files.get("device-secret") is None  # never a new secret while slots exist
    assert fallback.lock_state("a") == (0, None, False)  # no lockout for a missing secret
    # The keyring comes back: everything opens again.
    assert (
        _slots(tmp_path, DeviceSecret(keyring, location="trousseau"))
        .unlock(login="alice", password=PW, now=T0)
        .database_key
        == key
    )


def test_a_keyring_given_up_hands_its_secret_back_to_the_files(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    slots = _slots(tmp_path, DeviceSecret(keyring, location="trousseau"))
    key = slots.initialise()
    slots.add(agent_id="a", login="alice", password=PW, database_key=key, now=T0)
    files = StationFileStore(tmp_path / "keys")
    back = _slots(tmp_path, DeviceSecret(files, alternates=lambda: [("trousseau", keyring)]))
    assert back.unlock(login="alice", password=PW, now=T0).database_key == key
    assert files.get("device-secret") == keyring.get("device-secret")


def test_a_different_secret_where_the_old_one_was_is_not_taken(tmp_path: Path) -> None:
    files = StationFileStore(tmp_path / "keys")
    slots = _slots(tmp_path, DeviceSecret(files))
    key = slots.initialise()
    slots.add(agent_id="a", login="alice", password=PW, database_key=key, now=T0)
    stranger = MemoryKeyring()
    stranger.set("device-secret", "11" * 32)  # another station's secret in this user's keyring
    other = _slots(tmp_path, DeviceSecret(stranger, location="trousseau", alternates=lambda: [("fichier", files)]))
    assert other.unlock(login="alice", password=PW, now=T0).database_key == key
    assert stranger.get("device-secret") != "11" * 32  # the station's own secret replaced the stranger's


def test_a_wrong_password_is_still_a_wrong_password(tmp_path: Path) -> None:
    slots = _slots(tmp_path, DeviceSecret(StationFileStore(tmp_path / "keys")))
    key = slots.initialise()
    slots.add(agent_id="a", login="alice", password=PW, database_key=key, now=T0)
    with pytest.raises(LoginRefused) as refused:
        slots.unlock(login="alice", password="nope nope nope", now=T0)
    assert refused.value.code == "mauvais_mot_de_passe"
