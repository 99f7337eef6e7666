"""The station's CSCA master list setting (csca_list): where IT puts it, and the French error for a wrong path."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.devices.cards.passive_auth import CscaList
from desktop.devices.registry import make_reader
from desktop.settings import SettingsError, load_settings


def test_unset_by_default_and_read_from_the_file_or_the_environment(tmp_path: Path) -> None:
    assert load_settings(config_path=tmp_path / "absent.toml", environ={}).csca_list is None
    listed = tmp_path / "liste.ml"
    listed.write_bytes(b"0")
    config = tmp_path / "guichet.toml"
    config.write_text(f'csca_list = "{listed}"\n', encoding="utf-8")
    assert load_settings(config_path=config, environ={}).csca_list == listed
    folder = tmp_path / "csca"
    folder.mkdir()
    from_env = load_settings(config_path=config, environ={"GUICHET_CSCA_LIST": str(folder)})
    assert from_env.csca_list == folder
    assert load_settings(config_path=config, environ={"GUICHET_CSCA_LIST": ""}).csca_list is None


def test_a_missing_list_stops_the_start_with_a_french_sentence(tmp_path: Path) -> None:
    with pytest.raises(
        SettingsError, match=r"La liste maîtresse CSCA est introuvable : .*absente\.ml \(réglage csca_list\)"
    ):
        load_settings(config_path=tmp_path / "absent.toml", environ={"GUICHET_CSCA_LIST": str(tmp_path / "absente.ml")})


def test_only_a_real_reader_is_given_the_list_the_demo_trusts_its_own_test_csca(tmp_path: Path) -> None:
    listed = tmp_path / "liste.ml"
    listed.write_bytes(b"0")
    base = {"GUICHET_CSCA_LIST": str(listed)}
    real = make_reader(
        load_settings(config_path=tmp_path / "absent.toml", environ={**base, "GUICHET_CARD_READER": "pcsc"})
    )
    try:
        assert isinstance(real.csca, CscaList) and real.csca.path == listed
    finally:
        real.close()
    demo = make_reader(load_settings(config_path=tmp_path / "absent.toml", environ=base, demo=True, data_dir=tmp_path))
    try:
        assert not isinstance(demo.csca, CscaList) and demo.csca is not None
    finally:
        demo.close()
