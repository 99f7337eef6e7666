"""A station and a central store an older *installed* Guichet left behind, opened by this version (an upgrade).

`tests/fixtures/installed_2026_11_30/` is what the wheel built from commit a785798 (30 November 2026, store revision
0003, the central store before Alembic's later columns and tables) wrote when installed and run as a production
station (README.md there says how): an administrator and an OPJ enrolled through the key slots, two procurations
established and pushed, one of them revoked, a third established while the central store was down (its outbox
entry still waiting), the receipts printed; and the central store (SQLite) with the demo register, its two stations
enrolled from a stations file, the pushed acts. Nothing here is built by this version's code: the migrations and
`create_schema` meet what an older release really wrote, not what its scripts say it wrote.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from contextkit import service_context
from sqlalchemy import create_engine, func, select, text

from central.embedded import serve_in_thread
from central.schema import procurations as central_procurations
from central.service import build_app
from desktop.auth import StationAuth
from desktop.models import Agent, IssuedReceipt, OutboxEntry, Procuration
from desktop.models.migrate import HEAD
from desktop.receipts.keys import load_trusted_keys
from desktop.receipts.signing import ReceiptVerifier
from desktop.services import audit_log
from desktop.services.desk import DeskServices
from desktop.services.lookup import SearchQuery
from desktop.settings import Settings, load_settings
from desktop.sync.client import CentralClient, Credentials
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "installed_2026_11_30"
OPJ_PASSWORD = "marmotte rouge escalade le phare"
STATION_CODE = "75056-01"


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A copy of the older installation: the tests migrate and write it."""
    shutil.copytree(FIXTURE, tmp_path / "installed")
    return tmp_path / "installed"


def _settings(base: Path, central_url: str | None = None) -> Settings:
    central = {"central_url": central_url} if central_url else {}
    return load_settings(
        config_path=base / "absent.toml",
        preferences_path=base / "absent-preferences.toml",
        environ={},
        data_dir=base / "station",
        station_code=STATION_CODE,
        station_kind="commissariat",
        **central,
    )


def test_the_older_stations_agent_logs_in_and_finds_every_record_and_an_intact_audit_chain(installed: Path) -> None:
    settings = _settings(installed)
    auth = StationAuth(settings)
    try:
        session = auth.login(login_name="opj1", password=OPJ_PASSWORD, now=datetime.now(UTC))
    finally:
        auth.close()
    store = session.result.store
    try:
        with store.read() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            statuses = sorted(p.status for p in s.scalars(select(Procuration)))
            logins = sorted(a.login for a in s.scalars(select(Agent)))
            printed = s.scalar(select(func.count()).select_from(IssuedReceipt))
            waiting = s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None)))
        assert statuses == ["provisoire", "resiliee", "validee"]
        assert logins == ["admin", "opj1"]
        assert printed == 4
        assert waiting == 1
        desk = DeskServices(service_context(store, settings, actor=session.result.principal))
        found = {
            name: [row.receipt_number for row in desk.search(SearchQuery(text=name), include_central=False).local]
            for name in ("BERNARD", "ROBERT", "SIMON")
        }
        assert found == {
            "BERNARD": ["GCH-75056-01-2026-000001"],
            "ROBERT": ["GCH-75056-01-2026-000002"],
            "SIMON": ["GCH-75056-01-2026-000004"],
        }
        report = audit_log.verify(store)
        assert report.problems == ()
        assert report.first_seq == 1
    finally:
        store.close()


def test_the_older_stations_receipts_still_verify() -> None:
    verifier = ReceiptVerifier(load_trusted_keys(FIXTURE / "station" / "keys" / "trusted_keys.json"))
    numbers = [verifier.verify(line).number for line in (FIXTURE / "receipts.txt").read_text().split()]
    assert numbers == ["GCH-75056-01-2026-000001", "GCH-75056-01-2026-000003"]


@pytest.mark.slow
def test_the_older_stations_waiting_act_reaches_the_upgraded_central_store_which_applies_it(installed: Path) -> None:
    url = f"sqlite:///{installed / 'central' / 'central.sqlite3'}"
    app = build_app(url, enrolment_token="a" * 8 + "b" * 8 + "0123456789abcdef", folder=installed / "central")
    base_url, stop = serve_in_thread(app)
    auth = StationAuth(_settings(installed, base_url))
    try:
        session = auth.login(login_name="opj1", password=OPJ_PASSWORD, now=datetime.now(UTC))
        store = session.result.store
        stored = json.loads((installed / "station" / "keys" / "central-credentials.json").read_text())
        creds = Credentials(station_id=stored["station_id"], token=stored["token"])
        client = CentralClient(base_url, creds, timeout=10)
        try:
            worker = SyncWorker(store, client, StationClock())
            worker.run_once()
            with store.read() as s:
                waiting = s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None)))
                statuses = sorted(p.status for p in s.scalars(select(Procuration)))
            assert worker.status().refused == ()
            assert waiting == 0
            assert statuses == ["resiliee", "validee", "validee"]
        finally:
            client.close()
            store.close()
    finally:
        auth.close()
        stop()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            central = sorted(conn.execute(select(central_procurations.c.status)).scalars())
    finally:
        engine.dispose()
    assert central == ["resiliee", "validee", "validee"]
