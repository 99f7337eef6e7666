"""Issue 15: the internet-vote e-mail digest key is the station's own, from the central store once enrolled."""

from __future__ import annotations

from pathlib import Path

from desktop.context import station_digest_key
from desktop.rules.terms import PlaceKind
from desktop.settings import Settings


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", station_code="99999-01", station_name="Poste", station_kind=PlaceKind.CONSULAT
    )


def test_the_central_stores_key_is_taken_once_and_kept(tmp_path: Path) -> None:
    given = bytes(range(32))
    calls: list[int] = []

    def fetch() -> bytes:
        calls.append(1)
        return given

    settings = _settings(tmp_path)
    assert station_digest_key(settings, fetch=fetch) == given
    assert station_digest_key(settings, fetch=fetch) == given and len(calls) == 1  # kept: no second call


def test_offline_or_not_enrolled_a_random_key_of_its_own(tmp_path: Path) -> None:
    def offline() -> bytes:
        raise OSError("injoignable")

    first = station_digest_key(_settings(tmp_path / "a"), fetch=offline)
    other = station_digest_key(_settings(tmp_path / "b"))
    assert len(first) == 32 and first != other  # never a constant shared by every station
    assert station_digest_key(_settings(tmp_path / "a")) == first
