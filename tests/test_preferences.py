"""An agent's personal preferences written back to their own file, read again by load_settings."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from desktop.preferences import read_preferences, save_preference
from desktop.settings import SettingsError, load_settings


def test_a_saved_text_size_is_read_back_and_keeps_the_other_preferences(tmp_path: Path) -> None:
    prefs = tmp_path / "prefs" / "preferences.toml"
    prefs.parent.mkdir()
    prefs.write_text('theme = "contraste"\n', encoding="utf-8")
    save_preference("text_scale_percent", 150, path=prefs)
    save_preference("language", 'e"n', path=prefs)  # quoted safely (then refused by validation, not by TOML)
    assert read_preferences(prefs) == {"theme": "contraste", "text_scale_percent": 150, "language": 'e"n'}
    save_preference("language", "en", path=prefs)
    settings = load_settings(config_path=tmp_path / "absent.toml", preferences_path=prefs, environ={})
    assert (settings.text_scale_percent, settings.theme, settings.language) == (150, "contraste", "en")
    assert not prefs.stat().st_mode & stat.S_IROTH  # never readable by other users


def test_a_station_setting_is_never_written_to_personal_preferences(tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        save_preference("central_url", "https://example.invalid", path=tmp_path / "p.toml")
    assert not (tmp_path / "p.toml").exists()


def test_an_unreadable_preferences_file_is_replaced_not_fatal(tmp_path: Path) -> None:
    prefs = tmp_path / "p.toml"
    prefs.write_bytes(b"\xff\xfe = [")
    assert read_preferences(prefs) == {}
    save_preference("theme", "sombre", path=prefs)
    assert read_preferences(prefs) == {"theme": "sombre"}
