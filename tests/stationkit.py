"""A production station as its first set-up leaves it (its administrator, key slots with the production Argon2id
cost, the encrypted store), in a folder of its own, offline: for the tests and the benchmarks that start `guichet
--config` on it (tests/views/test_prompt_first.py, bench/login_path.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.security.keyslots import KeySlots


class StandInCentral:
    """The central store's answers a first set-up needs (escrow key, agent enrolment), without a server."""

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        from desktop.security.sealed import public_bytes

        self._public = public_bytes(X25519PrivateKey.generate().public_key())

    def escrow_public_key(self) -> bytes:
        return self._public

    def enrol_agent(self, **_: object) -> None:
        return None

    def put_escrow(self, **_: object) -> None:
        return None

    def deactivate_agent(self, **_: object) -> None:
        return None


def set_up_station(
    folder: Path, *, login: str, password: str, display_name: str, station_name: str
) -> tuple[Path, KeySlots]:
    """A commissariat named `station_name`, set up in `folder` with its administrator: its config file, its slots."""
    from desktop.auth import StationAuth
    from desktop.services.agents import first_setup
    from desktop.settings import load_settings

    config = folder / "station.toml"
    config.write_text(
        f'data_dir = "{folder / "data"}"\n\n[station]\nkind = "commissariat"\nname = "{station_name}"\n'
        'code = "75056-09"\n',
        encoding="utf-8",
    )
    settings = load_settings(config_path=config, environ={})
    auth = StationAuth(settings)
    result = first_setup(
        database=settings.database_path,
        slots=auth.slots,
        central=StandInCentral(),  # type: ignore[arg-type]
        station_kind=settings.station_kind.value,
        login_name=login,
        display_name=display_name,
        password=password,
        now=datetime.now(UTC),
    )
    result.store.close()
    return config, auth.slots
