"""Acceptance: a central store behind a private CA, reached directly or through the site's proxy.

The central store is the real `guichet-central serve` over TLS in its own process; the station is configured
only through its settings (central_url, ca_bundle, proxy_url), as IT deploys it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from centralkit import DUBOIS, MARTIN, procuration_body
from synckit import establish
from tlskit import ConnectProxy, Pki, TlsCentral, free_port, make_pki

from central.enrolment import enrol_from_csv
from central.service import open_database
from desktop.cli import receipt
from desktop.cli.enrol import main as enrol_main
from desktop.credentials import load_credentials
from desktop.keystore.registry import make_secret_store
from desktop.models import Procuration
from desktop.models.db import Store
from desktop.security.central_api import HttpCentralSecurity
from desktop.settings import Settings, load_settings
from desktop.sync.client import CentralClient, CertificateError, Credentials, ProxyRefusedError, enrol
from desktop.sync.clock import StationClock
from desktop.sync.http import CERTIFICATE_MESSAGE, PROXY_MESSAGE, Endpoint, build_client, is_certificate_error
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

pytestmark = pytest.mark.slow

FAST = WorkerSettings(poll_interval=0.05, probe_interval=0.02, backoff=Backoff(base=0.01, cap=0.05, jitter=0.5))


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Iterator[TlsCentral]:
    server = TlsCentral(tmp_path_factory.mktemp("central"), pki)
    server.start()
    yield server
    server.stop()


def settings_for(tmp_path: Path, central: TlsCentral, **env: str) -> Settings:
    base = {"GUICHET_CENTRAL_URL": central.base_url, "GUICHET_DATA_DIR": str(tmp_path / "poste")}
    return load_settings(config_path=tmp_path / "absent.toml", environ={**base, **env})


def _config(tmp_path: Path) -> Path:
    """An empty configuration file: the settings come from the environment (a missing --config is an error)."""
    config = tmp_path / "guichet.toml"
    config.write_text("", encoding="utf-8")
    return config


def worker(store: Store, settings: Settings, token: str) -> SyncWorker:
    endpoint = Endpoint.from_settings(settings)
    assert endpoint is not None
    creds = enrol(endpoint, enrolment_token=token, label=settings.station_code)
    return SyncWorker(store, CentralClient(endpoint, creds, timeout=10), StationClock(), settings=FAST)


def synced(store: Store, sync: SyncWorker) -> bool:
    """One sync round: the procuration reached the central store and came back with its verdict."""
    pid = establish(store, sync.clock, procuration_body(MARTIN, DUBOIS, rounds="T1"))
    assert sync.run_once(), sync.status().last_error
    with store.session() as s:
        proc = s.get(Procuration, pid)
        # The module's tests share one central store: a later one meets the earlier ones' procurations (L73).
        return proc is not None and proc.confirmed_at is not None and proc.status in ("validee", "invalidee")


def test_without_the_ca_file_the_station_refuses_the_server_in_french(central: TlsCentral, tmp_path: Path) -> None:
    """The OS trust store does not know the ministry's private CA: a plain French sentence, no traceback."""
    env = {
        **os.environ,
        "GUICHET_CENTRAL_URL": central.base_url,
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "enrol", "--token", central.secret],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"Enrôlement impossible : {CERTIFICATE_MESSAGE}"
    assert "Traceback" not in done.stderr and "SSL" not in done.stderr


def test_the_sync_worker_tells_the_agent_about_the_certificate(
    central: TlsCentral, pki: Pki, tmp_path: Path, store: Store
) -> None:
    trusted = settings_for(tmp_path, central, GUICHET_CA_BUNDLE=str(pki.ca))
    creds = enrol(Endpoint.from_settings(trusted) or "", enrolment_token=central.secret, label="poste")
    untrusting = CentralClient(central.base_url, creds, timeout=10)  # same credentials, no CA file
    sync = SyncWorker(store, untrusting, StationClock(), settings=FAST)
    establish(store, sync.clock, procuration_body(MARTIN, DUBOIS, rounds="T1"))
    assert not sync.run_once()
    status = sync.status()
    assert status.last_error == CERTIFICATE_MESSAGE and not status.online and status.pending == 1
    with pytest.raises(CertificateError) as info:
        untrusting.server_time()
    assert info.value.message == CERTIFICATE_MESSAGE
    untrusting.close()


def test_a_server_certified_by_another_ca_is_refused(central: TlsCentral, tmp_path: Path) -> None:
    other = make_pki(tmp_path / "autre", ca_name="Une autre autorité")
    with pytest.raises(CertificateError):
        enrol(Endpoint(central.base_url, ca_bundle=other.ca), enrolment_token=central.secret, label="x")


def test_with_the_ca_bundle_the_station_enrols_and_syncs(
    central: TlsCentral,
    pki: Pki,
    tmp_path: Path,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, out = tmp_path / "postes.csv", tmp_path / "jetons.csv"
    source.write_text("code;libelle\nCA-MTL;Consulat général de France à Montréal\n", encoding="utf-8")
    enrol_from_csv(open_database(central.database), source, out)
    token_file = tmp_path / "enrolment.token"
    token_file.write_text(out.read_text(encoding="utf-8").splitlines()[1].split(";")[2], encoding="utf-8")
    settings = settings_for(tmp_path, central, GUICHET_CA_BUNDLE=str(pki.ca), GUICHET_STATION_CODE="CA-MTL")
    for name, value in {
        "GUICHET_CENTRAL_URL": central.base_url,
        "GUICHET_CA_BUNDLE": str(pki.ca),
        "GUICHET_DATA_DIR": str(settings.data_dir),
        "GUICHET_STATION_CODE": "CA-MTL",
    }.items():
        monkeypatch.setenv(name, value)

    assert enrol_main(["--config", str(_config(tmp_path)), "--token-file", str(token_file)]) == 0
    creds = load_credentials(make_secret_store(settings))
    assert creds is not None and creds.station_id in capsys.readouterr().out

    endpoint = Endpoint.from_settings(settings)
    assert endpoint is not None and endpoint.ca_bundle == pki.ca
    client = CentralClient(endpoint, creds, timeout=10)
    sync = SyncWorker(store, client, StationClock(), settings=FAST)
    assert synced(store, sync)
    assert sync.status().online and sync.status().last_error is None
    client.close()


def test_through_the_proxy_when_proxy_url_is_set(central: TlsCentral, pki: Pki, tmp_path: Path, store: Store) -> None:
    proxy = ConnectProxy()
    try:
        settings = settings_for(tmp_path, central, GUICHET_CA_BUNDLE=str(pki.ca), GUICHET_PROXY_URL=proxy.url)
        sync = worker(store, settings, central.secret)
        assert synced(store, sync)
        # The security API rides the same client: same proxy, same CA.
        assert HttpCentralSecurity(sync.client.http, token=sync.client.credentials.token).escrow_public_key()
        tunnels = len(proxy.targets)
        assert tunnels >= 2 and set(proxy.targets) == {f"127.0.0.1:{central.port}"}  # enrolment, then sync

        sync.client.close()

        direct = worker(store, settings_for(tmp_path, central, GUICHET_CA_BUNDLE=str(pki.ca)), central.secret)
        assert direct.run_once()
        direct.client.close()
        assert len(proxy.targets) == tunnels  # without proxy_url, nothing went through it
    finally:
        proxy.close()


def test_a_proxy_that_refuses_is_named_to_the_agent(
    central: TlsCentral, pki: Pki, tmp_path: Path, store: Store
) -> None:
    proxy = ConnectProxy(refuse=True)
    try:
        settings = settings_for(tmp_path, central, GUICHET_CA_BUNDLE=str(pki.ca), GUICHET_PROXY_URL=proxy.url)
        endpoint = Endpoint.from_settings(settings)
        assert endpoint is not None
        with pytest.raises(ProxyRefusedError) as info:
            enrol(endpoint, enrolment_token=central.secret, label="x")
        assert info.value.message == PROXY_MESSAGE
        sync = SyncWorker(store, CentralClient(endpoint, Credentials("x", "y"), timeout=10), StationClock())
        establish(store, sync.clock, procuration_body(MARTIN, DUBOIS, rounds="T1"))
        assert not sync.run_once()
        assert sync.status().last_error == PROXY_MESSAGE and proxy.targets == []
        sync.client.close()
    finally:
        proxy.close()


def test_through_an_https_proxy(central: TlsCentral, pki: Pki, tmp_path: Path, store: Store) -> None:
    """TLS to the proxy (its certificate from the ministry's CA), then the station's own TLS inside the tunnel."""
    proxy = ConnectProxy(tls=pki)
    try:
        assert proxy.url.startswith("https://")
        settings = settings_for(tmp_path, central, GUICHET_CA_BUNDLE=str(pki.ca), GUICHET_PROXY_URL=proxy.url)
        sync = worker(store, settings, central.secret)
        assert synced(store, sync)
        assert set(proxy.targets) == {f"127.0.0.1:{central.port}"}
        sync.client.close()
    finally:
        proxy.close()


def test_a_client_made_for_plain_http_trusts_no_certificate(central: TlsCentral) -> None:
    # A plain-HTTP client's TLS context (never meant for TLS) trusts nothing: an https:// URL through it is refused.
    import httpx

    with build_client("http://127.0.0.1:9", timeout=10) as http, pytest.raises(httpx.ConnectError) as caught:
        http.get(f"{central.base_url}/v1/time")
    assert is_certificate_error(caught.value)


# `guichet receipt trust --central https://…` against this store, whose certificate a private CA signed (the
# ministry's): refused with the system's store alone, fetched with `--ca`, and at a station whose central store it
# is, with the station's own `ca_bundle` setting (before session 36 the settings never applied: « certificat non
# reconnu » at the very station that syncs with that store every minute).


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
