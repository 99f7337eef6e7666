"""Issue 15, items 2 and 7 at the station's level: when no slot can open the store, the login screen's reset code
recovers it through the central store's escrow (never a set-up over the existing store)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.auth import StationAuth
from desktop.rules.terms import PlaceKind
from desktop.security.kdf import FLOOR_PARAMS
from desktop.security.keyslots import DeviceSecretMissing, KeySlots
from desktop.services.agents import AccountError
from desktop.settings import Settings

from .central_fixture import CentralUnderTest, start_central

ADMIN_PW = "girafe violette marche lentement"
NEW_PW = "Xq9!vZ7p#wLm-42a"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def central(tmp_path: Path) -> CentralUnderTest:
    return start_central(tmp_path / "central")


def _station(tmp_path: Path, central: CentralUnderTest, monkeypatch: pytest.MonkeyPatch) -> StationAuth:
    settings = Settings(
        data_dir=tmp_path / "data",
        station_code="75056-01",
        station_name="Commissariat central",
        station_kind=PlaceKind.COMMISSARIAT,
        central_url="https://central.test",
    )
    station = StationAuth(settings)
    station.slots = KeySlots.beside(
        settings.database_path, station.device, station_code=settings.station_code, params=FLOOR_PARAMS
    )
    monkeypatch.setattr(station, "central", lambda: central.client)
    return station


def _recover(station: StationAuth, central: CentralUnderTest) -> None:
    station.forgot("admin")
    station.reset(login_name="admin", code=central.mailbox.sent[-1][2], new_password=NEW_PW, now=NOW)
    session = station.login(login_name="admin", password=NEW_PW, now=NOW)
    session.result.store.close()


def test_lost_key_slots_lead_to_the_login_and_the_escrow(
    tmp_path: Path, central: CentralUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    station = _station(tmp_path, central, monkeypatch)
    station.setup(login_name="admin", display_name="Admin", email=None, password=ADMIN_PW, now=NOW).result.store.close()
    station.slots.path.unlink()
    assert not station.needs_setup  # no set-up over the existing store
    with pytest.raises(AccountError, match="Mot de passe oublié"):
        station.login(login_name="admin", password=ADMIN_PW, now=NOW)
    _recover(station, central)


def test_a_lost_device_secret_is_recovered_through_the_escrow(
    tmp_path: Path, central: CentralUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    station = _station(tmp_path, central, monkeypatch)
    station.setup(login_name="admin", display_name="Admin", email=None, password=ADMIN_PW, now=NOW).result.store.close()
    station.device.store.delete("device-secret")
    station.device._cached = None  # a new start: nothing cached
    with pytest.raises(DeviceSecretMissing):
        station.login(login_name="admin", password=ADMIN_PW, now=NOW)
    _recover(station, central)
