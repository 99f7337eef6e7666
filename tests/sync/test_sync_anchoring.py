"""Each sync is audited and anchors the audit chain at the central store (spec/security.md, issue 9)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from contextkit import service_context
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from central.embedded import serve_in_thread
from central.service import build_app
from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.receipts.signing import StationSigner
from desktop.security.central_api import HttpCentralSecurity
from desktop.services import audit_log
from desktop.services.passports import PassportRequest, PassportService
from desktop.services.permissions import Principal
from desktop.settings import load_settings
from desktop.sync.anchoring import SyncAnchoring
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker

NOW = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)


@pytest.mark.slow
def test_sync_is_audited_and_anchors_the_chain(store: Store, tmp_path: Path) -> None:
    app = build_app(f"sqlite:///{tmp_path / 'central.db'}", enrolment_token="jeton", folder=tmp_path / "central")
    base_url, stop = serve_in_thread(app)
    try:
        settings = load_settings(
            config_path=tmp_path / "absent.toml",
            environ={},
            data_dir=tmp_path,
            station_kind="consulat",
            station_code="CA-MTL",
            station_name="Consulat",
        )
        actor = Principal(
            "CA-MTL", "agent-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
        )
        signer = StationSigner(key_id="TA01", private_key=Ed25519PrivateKey.generate(), identity_key=b"a" * 32)
        PassportService(service_context(store, settings, actor=actor, signer=signer, clock=lambda: NOW)).open_case(
            PassportRequest(
                last_name="Lefèvre",
                given_names="Hélène",
                birth_date=date(1984, 7, 9),
                country="CA",
                old_passport_issued=date(2016, 5, 2),
                old_passport_expiry=date(2026, 5, 1),
            )
        )
        creds = enrol(base_url, enrolment_token="jeton", label="CA-MTL")
        worker = SyncWorker(store, CentralClient(base_url, creds, timeout=5), StationClock())
        with httpx.Client(base_url=base_url, timeout=5) as http:
            security = HttpCentralSecurity(http, token=creds.token)
            worker.after_cycle.append(SyncAnchoring(store, security, signer=signer, actor=actor, clock=lambda: NOW))
            assert worker.run_once()
            kept = security.anchors()
        with store.session() as s:
            details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "synchronisation")).all()
            last_seq = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
        assert details and details[0].startswith("envoyees=")
        assert len(kept) == 1 and kept[0].seq == last_seq  # the anchor covers the sync's own audit event
        assert audit_log.unsent_anchors(store) == []
        report = audit_log.verify(
            store, extra_anchors=kept, public_key=signer.private_key.public_key().public_bytes_raw()
        )
        assert report.ok, report
    finally:
        stop()
