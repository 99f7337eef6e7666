"""Settings refused at load, in French (issue 15, items 12 and 13): nothing fails later, at the first act or sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.settings import SYNC_INTERVAL_MAX, SettingsError, given_config, load_settings


def _load(tmp_path: Path, **environ: str) -> None:
    load_settings(config_path=tmp_path / "absent.toml", environ=environ, data_dir=tmp_path)


def test_a_station_code_over_16_bytes_is_refused_at_load(tmp_path: Path) -> None:
    _load(tmp_path, GUICHET_STATION_CODE="A" * 16)
    with pytest.raises(SettingsError, match="16 octets au plus"):  # before: every act failed on the receipt number
        _load(tmp_path, GUICHET_STATION_CODE="A" * 17)


@pytest.mark.parametrize(
    ("code", "shown"),
    [("FR\u200b001", "FR\\u200b001"), ("=1+2", "=1+2"), ("É" * 9, "É" * 9), ("-01", "-01"), ("75056/01", "75056/01")],
)
def test_a_station_code_takes_letters_digits_and_dashes_only(tmp_path: Path, code: str, shown: str) -> None:
    """Outside audit (session 29): a zero-width space went into every receipt number, « =1+2 » into the tokens file a
    spreadsheet opens as a formula. The message makes the invisible character visible."""
    with pytest.raises(SettingsError, match="caractère refusé") as refused:
        _load(tmp_path, GUICHET_STATION_CODE=code)
    assert f"« {shown} »" in str(refused.value)
    for fine in ("75056-01", "CA-MTL", "S_1", "ST.01"):
        loaded = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path, station_code=fine)
        assert loaded.station_code == fine


@pytest.mark.parametrize("value", ["0", str(SYNC_INTERVAL_MAX + 1), "9300000000"])
def test_the_sync_interval_is_bounded(tmp_path: Path, value: str) -> None:
    with pytest.raises(SettingsError, match="intervalle de synchronisation"):  # before: 9.3e9 killed the sync thread
        _load(tmp_path, GUICHET_SYNC_INTERVAL_SECONDS=value)


@pytest.mark.parametrize("value", ["a\x00b", "a\tb", "Poste\udcff", "x\n"])
def test_control_characters_and_surrogates_are_refused_without_being_echoed(tmp_path: Path, value: str) -> None:
    with pytest.raises(SettingsError, match="caractère de contrôle ou illisible") as caught:
        _load(tmp_path, GUICHET_STATION_NAME=value)
    assert value not in str(caught.value)


def test_a_missing_config_file_named_on_the_command_line_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="introuvable"):
        given_config(tmp_path / "absent.toml")
    present = tmp_path / "guichet.toml"
    present.write_text("", encoding="utf-8")
    assert given_config(present) == present and given_config(None) is None


@pytest.mark.parametrize(
    "url",
    ["http://central.interieur.gouv.fr", "http://10.0.0.5:8000", "http://[fe80::1]:80", "http://127.0.0.1.nip.io"],
)
def test_plain_http_to_another_machine_is_refused_it_would_carry_the_token_in_clear(tmp_path: Path, url: str) -> None:
    with pytest.raises(SettingsError, match=r"https:// \(ou http:// en local\)"):
        _load(tmp_path, GUICHET_CENTRAL_URL=url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost:8000", "http://[::1]:80", "https://c.fr"])
def test_plain_http_to_this_machine_and_https_anywhere_are_accepted(tmp_path: Path, url: str) -> None:
    settings_ = load_settings(
        config_path=tmp_path / "absent.toml", environ={"GUICHET_CENTRAL_URL": url}, data_dir=tmp_path
    )
    assert settings_.central_url == url


def test_a_central_url_with_an_impossible_port_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="répertoire central"):
        _load(tmp_path, GUICHET_CENTRAL_URL="https://central:99999")


def test_a_data_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "f"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(SettingsError, match="pas un dossier"):
        load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=file)


def test_a_toml_syntax_error_is_said_in_french_with_its_line(tmp_path: Path) -> None:
    config = tmp_path / "guichet.toml"
    config.write_text('station_name = "ok"\nstation = = 3\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="ligne 2") as caught:
        load_settings(config_path=config, environ={}, data_dir=tmp_path)
    assert "Invalid" not in str(caught.value)


LONG = "/tmp/" + "x" * 300  # one name over the 255 characters a file system allows


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("GUICHET_DATA_DIR", "~nosuchuser/guichet", "Valeur invalide pour « dossier des données »"),
        ("GUICHET_LOG_DIR", "~nosuchuser", "Valeur invalide pour « dossier des journaux »"),
        ("GUICHET_CSCA_LIST", "~nosuchuser/liste.ml", "Valeur invalide"),
        ("GUICHET_CENTRAL_URL", "https://[::1", "L'adresse du répertoire central « https://[::1 » est invalide"),
        ("GUICHET_PROXY_URL", "http://[proxy", "L'adresse du proxy est invalide"),
        ("GUICHET_DATA_DIR", LONG, "(réglage data_dir) est inaccessible"),
        ("GUICHET_CSCA_LIST", LONG, "(réglage csca_list) est inaccessible"),
        ("GUICHET_CA_BUNDLE", LONG, "(réglage ca_bundle) est inaccessible"),
    ],
)
def test_regression_odd_paths_and_addresses_are_settings_errors(
    tmp_path: Path, variable: str, value: str, fragment: str
) -> None:
    """Found by fuzzing: Path.expanduser's RuntimeError, urlparse's ValueError and an OSError of Path.exists (a name
    too long) escaped load_settings, which start-up and every command line catch as SettingsError only."""
    environ = {variable: value, **({"GUICHET_DATA_DIR": str(tmp_path)} if variable != "GUICHET_DATA_DIR" else {})}
    with pytest.raises(SettingsError) as caught:
        load_settings(config_path=tmp_path / "absent.toml", preferences_path=tmp_path / "absent.toml", environ=environ)
    assert fragment in str(caught.value)


TEXT_SETTINGS = [
    "GUICHET_DATA_DIR",
    "GUICHET_LOG_DIR",
    "GUICHET_CENTRAL_URL",
    "GUICHET_PROXY_URL",
    "GUICHET_CA_BUNDLE",
    "GUICHET_CSCA_LIST",
    "GUICHET_CSCA_LIST_SIGNER",
]
ODD = st.sampled_from(["~", "~nosuchuser", "http://[", "https://", "[::1", ":99999", "x" * 300, "/", "é", "%"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(TEXT_SETTINGS), st.lists(st.text(max_size=20) | ODD, max_size=4).map("".join))
def test_any_text_in_a_path_or_address_setting_is_a_setting_or_a_settings_error(
    tmp_path: Path, variable: str, value: str
) -> None:
    """Hypothesis: whatever the variable holds, load_settings answers settings or SettingsError, nothing else."""
    environ = {"GUICHET_DATA_DIR": str(tmp_path), variable: value}
    try:
        load_settings(config_path=tmp_path / "absent.toml", preferences_path=tmp_path / "absent.toml", environ=environ)
    except SettingsError as exc:
        assert str(exc)


def test_a_machine_file_saved_with_a_bom_is_read_and_utf16_is_said(tmp_path: Path) -> None:
    """Outside audit (session 29): Notepad's « UTF-8 avec BOM » and PowerShell 5's Set-Content -Encoding UTF8 write a
    BOM first; the file was refused as « syntaxe TOML incorrecte (ligne 1, colonne 1) »."""
    config = tmp_path / "guichet.toml"
    text = '[station]\nkind = "consulat"\ncode = "CA-MTL"\n'
    config.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_settings(config_path=config, environ={}, data_dir=tmp_path).station_code == "CA-MTL"
    config.write_bytes(text.encode("utf-16"))
    with pytest.raises(SettingsError, match="enregistrez-le en UTF-8"):
        load_settings(config_path=config, environ={}, data_dir=tmp_path)


@pytest.mark.parametrize("named", ["absent.toml", "."])
def test_a_guichet_config_that_names_no_file_is_an_error_not_ignored(tmp_path: Path, named: str) -> None:
    """Outside audit (session 29): a typo in GUICHET_CONFIG started a consulate as a commissariat with no central
    store (--config was already checked by `given_config`)."""
    with pytest.raises(SettingsError, match="GUICHET_CONFIG"):
        load_settings(environ={"GUICHET_CONFIG": str(tmp_path / named)}, data_dir=tmp_path)


@pytest.mark.parametrize("setting", ["data_dir", "log_dir", "ca_bundle", "csca_list"])
@pytest.mark.parametrize("value", ["donnees", "5", 5])
def test_a_folder_or_file_setting_is_an_absolute_path(tmp_path: Path, setting: str, value: object) -> None:
    """Outside audit (session 29): « data_dir = "donnees" » wrote the station's credentials under the folder the
    command was started from; started elsewhere, the station found neither its store nor its keys."""
    config = tmp_path / "guichet.toml"
    literal = f'"{value}"' if isinstance(value, str) else str(value)
    config.write_text(f"{setting} = {literal}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="chemin absolu"):
        load_settings(config_path=config, environ={}, **({} if setting == "data_dir" else {"data_dir": tmp_path}))
