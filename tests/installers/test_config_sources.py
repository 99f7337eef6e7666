"""What the installers write into guichet.toml is what Guichet reads: the MSI's public properties reach the
PowerShell script that writes the file, under setting names the desk knows, and the Linux example's every line
loads. (The MSI itself is built and run on Windows: build.ps1; here its sources are read as text.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_settings_network import ca_pem

from desktop.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "installers" / "windows"
INTERNAL = {"ARPNOMODIFY", "ARPCONTACT", "ARPPRODUCTICON", "WriteMachineConfig", "DATA_GROUP", "ENROL_TOKEN"}


def _wxs() -> str:
    return (WINDOWS / "Package.wxs").read_text(encoding="utf-8-sig")


def _ps1() -> str:
    return (WINDOWS / "write-config.ps1").read_text(encoding="utf-8-sig")


def public_properties() -> list[str]:
    return [p for p in re.findall(r'<Property Id="([A-Za-z_]+)"', _wxs()) if p not in INTERNAL and p.isupper()]


def script_arguments() -> dict[str, str]:
    """MSI property → the script's parameter it is passed as, from WriteMachineConfig's command line."""
    return dict((prop, param) for param, prop in re.findall(r"-(\w+) &quot;=\[(\w+)\]&quot;", _wxs()))


def script_settings() -> dict[str, tuple[str, str, str]]:
    """The script's parameter → (table, key) it writes, from its $settings map."""
    found = re.findall(r"'([\w.]+)'\s*=\s*@\('(\w*)', '(\w+)', \(Get-Value \$(\w+)\)\)", _ps1())
    return {param: (table, key, name) for name, table, key, param in found}


def test_the_scan_sees_the_sources() -> None:
    assert {"CENTRAL_URL", "CA_BUNDLE", "STATION_CODE"} <= set(public_properties())
    assert script_arguments()["CENTRAL_URL"] == "CentralUrl"
    assert script_settings()["CaBundle"] == ("", "ca_bundle", "ca_bundle")


def test_every_public_property_reaches_the_script_and_is_documented() -> None:
    """CSCA_LIST was missing: a site could not give its stations a master list through the MSI."""
    arguments = script_arguments()
    params = set(re.findall(r"\[string\] \$(\w+)", _ps1()))
    readme = (WINDOWS / "README.md").read_text(encoding="utf-8")
    settings = script_settings()
    for prop in public_properties():
        assert prop in arguments, f"{prop} is not passed to write-config.ps1"
        assert arguments[prop] in params, f"write-config.ps1 has no -{arguments[prop]}"
        assert arguments[prop] in settings, f"write-config.ps1 writes no setting for -{arguments[prop]}"
        assert f"| `{prop}` |" in readme, f"{prop} is not in installers/windows/README.md"
    assert "CSCA_LIST" in arguments


def test_what_the_script_writes_is_read_by_the_desk(tmp_path: Path) -> None:
    """Each (table, key) the script writes, in a guichet.toml as it writes it, gives the setting of that name."""
    pem = tmp_path / "ca.pem"
    pem.write_bytes(ca_pem())
    csca = tmp_path / "csca"
    csca.mkdir()
    values = {
        "central_url": "https://guichet-central.example.fr",
        "proxy_url": "http://proxy:3128",
        "ca_bundle": str(pem),
        "csca_list": str(csca),
        "csca_list_signer": str(pem),
        "kind": "consulat",
        "code": "99100-01",
        "name": "Consulat général",
        "settings_locked": "True",  # the MSI's default « true », read as a yes
    }
    top, station = [], []
    for table, key, _name in script_settings().values():
        line = f'{key} = "{values[key]}"'
        (station if table == "station" else top).append(line)
    (tmp_path / "guichet.toml").write_text("\n".join([*top, "[station]", *station]) + "\n", encoding="utf-8")
    settings = load_settings(config_path=tmp_path / "guichet.toml", environ={}, data_dir=tmp_path / "data")
    for table, key, name in script_settings().values():
        field = f"{table}_{key}" if table else key
        assert str(getattr(settings, field)) == values[key], name
    assert settings.csca_list == csca


def test_every_line_of_the_linux_example_loads(tmp_path: Path) -> None:
    """The example /etc/guichet/guichet.toml with every line uncommented names only settings the desk knows."""
    example = (ROOT / "installers" / "linux" / "desk" / "guichet.toml").read_text(encoding="utf-8")
    (tmp_path / "csca").mkdir()
    (tmp_path / "ac.pem").write_bytes(ca_pem())
    lines = []
    for line in example.splitlines():
        body = line.removeprefix("# ").strip()
        if re.match(r"^\[\w+\]$", body) or re.match(r"^\w+ = ", body):
            body = (
                body.replace("/etc/guichet/csca/", str(tmp_path / "csca"))
                .replace("/etc/guichet/ac-ministere.pem", str(tmp_path / "ac.pem"))
                .replace("/etc/guichet/csca-editeur.pem", str(tmp_path / "ac.pem"))
            )
            lines.append(body)
    assert any(line.startswith("csca_list") for line in lines)
    # Top-level keys before the [station] table, as TOML wants them.
    station_at = lines.index("[station]")
    station = [line for line in lines[station_at + 1 :] if line.split(" ")[0] in {"kind", "name", "code", "timezone"}]
    top = lines[:station_at] + [line for line in lines[station_at + 1 :] if line not in station]
    (tmp_path / "guichet.toml").write_text("\n".join([*top, "[station]", *station]) + "\n", encoding="utf-8")
    settings = load_settings(config_path=tmp_path / "guichet.toml", environ={}, data_dir=tmp_path / "data")
    assert settings.csca_list == tmp_path / "csca"
    assert settings.station_code == "75056-01"


def test_the_linux_example_locks_the_station_settings_as_the_msi_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside audit (session 29): with the example copied as it ships, GUICHET_STATION_KIND=commissariat made a
    préfet's place a commissariat for one user's session (R-PLACE-2 then passed); the MSI writes « true » itself."""
    from desktop import settings as settings_module
    from desktop.settings import SettingsError

    example = (ROOT / "installers" / "linux" / "desk" / "guichet.toml").read_text(encoding="utf-8")
    machine = tmp_path / "guichet.toml"
    machine.write_text(example + '\n[station]\nkind = "lieu_prefet"\ncode = "75056-09"\n', encoding="utf-8")
    monkeypatch.setattr(settings_module, "machine_config_path", lambda: machine)
    prefs = tmp_path / "none.toml"
    with pytest.raises(SettingsError, match="verrouillés"):
        load_settings(preferences_path=prefs, environ={"GUICHET_STATION_KIND": "commissariat"})
    settings = load_settings(preferences_path=prefs, environ={}, data_dir=tmp_path / "data")
    assert settings.settings_locked and settings.station_kind == "lieu_prefet"
