"""`guichet receipt trust --central https://…` against a central store whose certificate a private CA signed (the
ministry's): refused with the system's store alone, fetched with `--ca`, and at a station whose central store it is,
with the station's own `ca_bundle` setting (before session 36 the settings never applied: « certificat non
reconnu » at the very station that syncs with that store every minute)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tlskit import Pki, TlsCentral, free_port, make_pki

from desktop.cli import receipt

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Iterator[TlsCentral]:
    server = TlsCentral(tmp_path_factory.mktemp("central"), pki)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def no_station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A machine whose settings name no central store (a prefecture's verifier)."""
    config = tmp_path / "guichet.toml"
    config.write_text("", encoding="utf-8")
    for name in [n for n in os.environ if n.startswith("GUICHET_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("GUICHET_CONFIG", str(config))
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path / "poste"))
    return tmp_path


def _trust(folder: Path, url: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str, Path]:
    out_file = folder / "confiance.json"
    out_file.unlink(missing_ok=True)
    code = receipt.main(["trust", "--central", url, "--trusted", str(out_file), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err, out_file


def test_a_private_ca_is_refused_then_given_with_ca(
    central: TlsCentral, pki: Pki, no_station: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err, written = _trust(no_station, central.base_url, capsys)
    assert code == 1 and not written.exists()
    assert "n'est pas reconnu" in err and "(option --ca)" in err, err
    code, out, err, written = _trust(no_station, central.base_url, capsys, "--ca", str(pki.ca))
    assert code == 0 and written.exists(), err
    assert "signature du répertoire central vérifiée" in out


def test_the_station_s_own_ca_setting_serves_its_own_central_store_only(
    central: TlsCentral, pki: Pki, no_station: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GUICHET_CA_BUNDLE", str(pki.ca))
    monkeypatch.setenv("GUICHET_CENTRAL_URL", central.base_url + "/")
    code, _out, err, written = _trust(no_station, central.base_url, capsys)
    assert code == 0 and written.exists(), err
    # The same settings, another store named: its CA setting is the station's store's, not this one's.
    monkeypatch.setenv("GUICHET_CENTRAL_URL", f"https://127.0.0.1:{free_port()}")
    code, _out, err, written = _trust(no_station, central.base_url, capsys)
    assert code == 1 and "n'est pas reconnu" in err and not written.exists(), err


def test_a_ca_option_that_is_no_certificate_is_refused_in_french(
    central: TlsCentral, no_station: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = no_station / "ac.pem"
    garbage.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    fifo = no_station / "ac.fifo"
    os.mkfifo(fifo)
    for given in (garbage, fifo, no_station / "absent.pem"):
        code, _out, err, written = _trust(no_station, central.base_url, capsys, "--ca", str(given))
        assert code == 1 and not written.exists()
        assert f"Certificat d'autorité {given} illisible (option --ca)" in err, err
        assert len(err.strip().splitlines()) == 1
