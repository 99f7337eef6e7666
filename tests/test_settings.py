"""Settings: defaults, file, GUICHET_* overrides, and clear French errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.rules.terms import PlaceKind
from desktop.settings import SettingsError, load_settings


def test_defaults_without_file_or_environment(tmp_path: Path) -> None:
    s = load_settings(config_path=tmp_path / "absent.toml", environ={})
    assert s.station_kind is PlaceKind.COMMISSARIAT
    assert s.central_url is None and s.idle_lock_minutes == 15
    assert s.database_path.name == "guichet.db"


def test_file_then_environment_then_overrides(tmp_path: Path) -> None:
    cfg = tmp_path / "guichet.toml"
    cfg.write_text(
        'central_url = "https://central.example.fr"\nidle_lock_minutes = 10\n\n'
        '[station]\nkind = "consulat"\nname = "Consulat général de France à Montréal"\ncode = "CA-MTL"\n'
        'timezone = "America/Toronto"\n',
        encoding="utf-8",
    )
    s = load_settings(config_path=cfg, environ={"GUICHET_IDLE_LOCK_MINUTES": "20"})
    assert s.station_kind is PlaceKind.CONSULAT and s.station_kind.abroad
    assert s.station_name.startswith("Consulat général") and s.station_code == "CA-MTL"
    assert s.idle_lock_minutes == 20  # the variable beats the file
    assert load_settings(config_path=cfg, environ={}, idle_lock_minutes=5).idle_lock_minutes == 5


def test_config_path_from_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "other.toml"
    cfg.write_text('station_name = "Brigade de Saint-Flour"\n', encoding="utf-8")
    assert load_settings(environ={"GUICHET_CONFIG": str(cfg)}).station_name == "Brigade de Saint-Flour"


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"GUICHET_STATION_KIND": "mairie"}, "type de lieu du poste"),
        ({"GUICHET_IDLE_LOCK_MINUTES": "45"}, "entre 1 et 30 minutes"),
        ({"GUICHET_IDLE_LOCK_MINUTES": "quinze"}, "verrouillage après inactivité"),
        ({"GUICHET_CENTRAL_URL": "ftp://x"}, "doit commencer par https://"),
        ({"GUICHET_RECEIPT_PRINTER": "fax"}, "Imprimante de récépissés inconnue"),
        ({"GUICHET_STATION_TIMEZONE": "Mars/Olympus"}, "Fuseau horaire inconnu"),
        ({"GUICHET_STATION_CODE": ""}, "code du poste"),
    ],
)
def test_bad_settings_say_what_is_wrong_in_french(tmp_path: Path, env: dict[str, str], fragment: str) -> None:
    with pytest.raises(SettingsError, match=fragment):
        load_settings(config_path=tmp_path / "absent.toml", environ=env)


def test_unknown_key_and_broken_file(tmp_path: Path) -> None:
    cfg = tmp_path / "guichet.toml"
    cfg.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="Réglage inconnu « colour »"):
        load_settings(config_path=cfg, environ={})
    cfg.write_text("station_name = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="illisible"):
        load_settings(config_path=cfg, environ={})
