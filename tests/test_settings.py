"""Settings: defaults, file, GUICHET_* overrides, and clear French errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import settings as settings_module
from desktop.rules.terms import PlaceKind
from desktop.settings import (
    PERSONAL_SETTINGS,
    SettingsError,
    load_settings,
    machine_config_path,
    machine_data_dir,
    user_preferences_path,
)


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


# -- machine-wide configuration and the user's own preferences (issue 13) -------------------------------------------


def _machine_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "etc" / "guichet.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_machine_folders_on_linux_are_machine_wide() -> None:
    assert machine_config_path() == Path("/etc/guichet/guichet.toml")
    assert machine_data_dir() == Path("/var/lib/guichet")
    s = load_settings(config_path=Path("/nonexistent.toml"), preferences_path=Path("/nonexistent.toml"), environ={})
    assert s.data_dir == Path("/var/lib/guichet") and s.logs_dir == Path("/var/lib/guichet/logs")
    assert s.keys_dir == Path("/var/lib/guichet/keys") and s.secret_store == "fichier"


def test_user_preferences_live_in_the_users_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home-config"))
    assert user_preferences_path() == tmp_path / "home-config" / "guichet" / "preferences.toml"


def test_machine_file_is_read_from_the_machine_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    machine = _machine_file(tmp_path, 'station_name = "Brigade de Murat"\ndata_dir = "/srv/guichet"\n')
    monkeypatch.setattr(settings_module, "machine_config_path", lambda: machine)
    s = load_settings(preferences_path=tmp_path / "none.toml", environ={})  # neither --config nor GUICHET_CONFIG
    assert s.station_name == "Brigade de Murat"
    assert s.data_dir == Path("/srv/guichet") and s.logs_dir == Path("/srv/guichet/logs")


def test_environment_wins_over_the_machine_file(tmp_path: Path) -> None:
    machine = _machine_file(tmp_path, 'data_dir = "/srv/guichet"\nlog_dir = "/var/log/guichet"\n')
    env = {"GUICHET_CONFIG": str(machine), "GUICHET_DATA_DIR": str(tmp_path / "d"), "GUICHET_LOG_DIR": ""}
    s = load_settings(preferences_path=tmp_path / "none.toml", environ=env)
    assert s.data_dir == tmp_path / "d" and s.logs_dir == tmp_path / "d" / "logs"


def test_config_option_wins_over_the_environment(tmp_path: Path) -> None:
    chosen = _machine_file(tmp_path, 'station_name = "Choisi par --config"\n')
    other = tmp_path / "other.toml"
    other.write_text('station_name = "Par la variable"\n', encoding="utf-8")
    s = load_settings(
        config_path=chosen, preferences_path=tmp_path / "none.toml", environ={"GUICHET_CONFIG": str(other)}
    )
    assert s.station_name == "Choisi par --config"


def test_personal_preference_is_honoured_and_the_environment_still_wins(tmp_path: Path) -> None:
    machine = _machine_file(tmp_path, "text_scale_percent = 110\n")
    prefs = tmp_path / "preferences.toml"
    prefs.write_text("text_scale_percent = 150\n", encoding="utf-8")
    assert load_settings(config_path=machine, preferences_path=prefs, environ={}).text_scale_percent == 150
    env = {"GUICHET_TEXT_SCALE_PERCENT": "125"}
    assert load_settings(config_path=machine, preferences_path=prefs, environ=env).text_scale_percent == 125
    assert "text_scale_percent" in PERSONAL_SETTINGS


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ('central_url = "https://pirate.example"', "adresse du répertoire central"),
        ('data_dir = "/home/agent/guichet"', "dossier des données"),
        ("idle_lock_minutes = 30", "verrouillage après inactivité"),
        ('secret_store = "trousseau"', "conservation des secrets"),
        ('[station]\ncode = "AUTRE-01"', "code du poste"),
    ],
)
def test_machine_setting_in_the_users_file_stops_start_up(tmp_path: Path, line: str, label: str) -> None:
    prefs = tmp_path / "preferences.toml"
    prefs.write_text(f"text_scale_percent = 120\n{line}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(config_path=tmp_path / "none.toml", preferences_path=prefs, environ={})
    message = str(caught.value)
    assert label in message and str(prefs) in message and "réglage du poste" in message


def test_unknown_key_in_the_users_file_is_refused(tmp_path: Path) -> None:
    prefs = tmp_path / "preferences.toml"
    prefs.write_text("couleur = 'bleu'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=f"Réglage inconnu « couleur » \\(fichier {prefs}\\)"):
        load_settings(config_path=tmp_path / "none.toml", preferences_path=prefs, environ={})


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"GUICHET_TEXT_SCALE_PERCENT": "300"}, "entre 80 et 200"),
        ({"GUICHET_SECRET_STORE": "coffre"}, "Conservation des secrets inconnue"),
    ],
)
def test_new_settings_are_checked(tmp_path: Path, env: dict[str, str], fragment: str) -> None:
    with pytest.raises(SettingsError, match=fragment):
        load_settings(config_path=tmp_path / "none.toml", preferences_path=tmp_path / "none.toml", environ=env)


def test_machine_folders_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs.macos

    monkeypatch.setattr(settings_module.sys, "platform", "darwin")
    monkeypatch.setattr(platformdirs, "site_data_dir", lambda *a, **k: platformdirs.macos.MacOS(*a, **k).site_data_dir)
    assert machine_data_dir() == Path("/Library/Application Support/Guichet")
    assert machine_config_path() == Path("/Library/Application Support/Guichet/guichet.toml")


def test_R_PLACE_2_the_arretes_dates_and_hours_as_a_station_setting(tmp_path: Path) -> None:
    from datetime import date, time

    cfg = tmp_path / "guichet.toml"
    cfg.write_text(
        'prefet_openings = ["01/12/2026-15/12/2026 09:00-12:00,14:00-18:00", "20/12/2026 10:00-16:00"]\n'
        '[station]\nkind = "lieu_prefet"\n',
        encoding="utf-8",
    )
    s = load_settings(config_path=cfg, environ={})
    first, second = s.prefet_openings
    assert (first.start, first.end, first.hours) == (
        date(2026, 12, 1),
        date(2026, 12, 15),
        ((time(9), time(12)), (time(14), time(18))),
    )
    assert second.start == second.end == date(2026, 12, 20)
    env = {"GUICHET_PREFET_OPENINGS": "01/12/2026 09:00-12:00; 02/12/2026 09:00-12:00"}
    assert len(load_settings(config_path=tmp_path / "absent.toml", environ=env).prefet_openings) == 2
    for bad in ("32/12/2026 09:00-12:00", "01/12/2026 12:00-09:00", "05/12/2026-01/12/2026 09:00-12:00"):
        with pytest.raises(SettingsError) as info:
            load_settings(config_path=tmp_path / "absent.toml", environ={"GUICHET_PREFET_OPENINGS": bad})
        assert "arrêté préfectoral" in str(info.value) and "Format" in str(info.value)


def test_a_locked_machine_file_lets_no_variable_nor_other_file_change_a_station_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Counter audit: any OS user's GUICHET_* variables (settable without rights on Windows) or GUICHET_CONFIG beat
    the machine file, so an agent could swap the CSCA list (a forged chip shown authentic) or the kind of place
    (R-PLACE-2). With `settings_locked = true` in the machine file, each stops the start-up, said in French."""
    machine = _machine_file(tmp_path, 'settings_locked = true\nstation_kind = "lieu_prefet"\n')
    monkeypatch.setattr(settings_module, "machine_config_path", lambda: machine)
    prefs = tmp_path / "none.toml"
    own = tmp_path / "mine.toml"
    own.write_text('station_kind = "commissariat"\nsettings_locked = false\n', encoding="utf-8")
    for env, named in (
        ({"GUICHET_CSCA_LIST": str(tmp_path / "faux.ml")}, "GUICHET_CSCA_LIST"),
        ({"GUICHET_STATION_KIND": "commissariat"}, "type de lieu du poste"),
        ({"GUICHET_SETTINGS_LOCKED": "false"}, "GUICHET_SETTINGS_LOCKED"),
        ({"GUICHET_CONFIG": str(own)}, "mine.toml"),
    ):
        with pytest.raises(SettingsError, match="verrouillés") as refused:
            load_settings(preferences_path=prefs, environ=env)
        assert named in str(refused.value)
    with pytest.raises(SettingsError, match="verrouillés"):
        load_settings(config_path=own, preferences_path=prefs, environ={})  # --config
    # The machine file itself, a personal preference and the program's own demo flag still do.
    assert load_settings(config_path=machine, preferences_path=prefs, environ={}).station_kind.value == "lieu_prefet"
    assert load_settings(preferences_path=prefs, environ={"GUICHET_LANGUAGE": "en"}).language == "en"
    assert load_settings(preferences_path=prefs, environ={}, demo=True, data_dir=tmp_path / "demo").demo
    # Unlocked (the default), the variables still win, as DEPLOYMENT.md says.
    machine.write_text('station_kind = "lieu_prefet"\n', encoding="utf-8")
    assert (
        load_settings(preferences_path=prefs, environ={"GUICHET_STATION_KIND": "commissariat"}).station_kind.value
        == "commissariat"
    )
    machine.write_text('settings_locked = "peut-être"\n', encoding="utf-8")  # not a yes or a no: locked, then said
    with pytest.raises(SettingsError):
        load_settings(preferences_path=prefs, environ={"GUICHET_STATION_KIND": "commissariat"})
