"""desktop/preferences.py: a user's own file takes a personal setting, keeps the others, and is read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.preferences import save_personal_setting
from desktop.settings import load_settings


def test_the_language_is_saved_and_read_at_the_next_start(tmp_path: Path) -> None:
    prefs = tmp_path / "user" / "preferences.toml"
    prefs.parent.mkdir()
    prefs.write_text("text_scale_percent = 125\n", encoding="utf-8")
    save_personal_setting("language", "en", path=prefs)
    settings = load_settings(config_path=tmp_path / "absent.toml", preferences_path=prefs, environ={})
    assert settings.language == "en" and settings.text_scale_percent == 125


def test_a_station_setting_is_never_written_to_a_user_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        save_personal_setting("central_url", "https://example.test", path=tmp_path / "preferences.toml")
    assert not (tmp_path / "preferences.toml").exists()


def test_an_unreadable_file_is_replaced_by_one_that_reads(tmp_path: Path) -> None:
    prefs = tmp_path / "preferences.toml"
    prefs.write_text("this is = = not toml", encoding="utf-8")
    save_personal_setting("language", "fr", path=prefs)
    assert load_settings(config_path=tmp_path / "absent.toml", preferences_path=prefs, environ={}).language == "fr"
