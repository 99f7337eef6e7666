"""The desk whose receipt key id another station holds draws a new key and registers it (desktop/sync/anchoring.py,
central/receipt_keys.py), end to end with a real embedded central store; its receipts then verify against the list
the central store publishes."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
from centralkit import bulk_station
from receiptkeykit import colliding_keys, published, put_key, raw, write_station_keys
from sqlalchemy import select

from central.embedded import Embedded
from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.receipts.content import ReceiptKind
from desktop.receipts.keys import TRUSTED_KEYS_FILE, derive_key_id, load_station_signer, load_trusted_keys
from desktop.receipts.published import check_published
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import ReceiptVerifier
from desktop.security.central_api import HttpCentralSecurity
from desktop.services import audit_log
from desktop.services.journal import Actor
from desktop.sync.anchoring import SyncAnchoring

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
CODE = "PN-0200"


def test_a_desk_whose_key_id_is_taken_draws_a_new_key_registers_it_and_is_published(
    store: Store, sqlite_central: Embedded, tmp_path: Path
) -> None:
    theirs, ours = colliding_keys()
    other = bulk_station(sqlite_central, tmp_path, "PN-0201")
    assert put_key(other, raw(theirs)).status_code == 200
    desk = bulk_station(sqlite_central, tmp_path, CODE)
    keys_dir = tmp_path / "keys"
    write_station_keys(keys_dir, ours)
    signer = load_station_signer(keys_dir)
    taken = signer.key_id
    assert taken == derive_key_id(raw(theirs))
    with httpx.Client(base_url=sqlite_central.base_url, timeout=10) as http:
        security = HttpCentralSecurity(http, token=desk.token)
        hook = SyncAnchoring(
            store,
            security,
            signer=signer,
            actor=Actor(station_code=CODE, agent_id=None),
            clock=lambda: NOW,
            keys_dir=keys_dir,
        )
        hook(1, 0)
        kept = security.anchors()
    assert signer.key_id != taken and signer.public_key != raw(ours)
    assert load_station_signer(keys_dir).public_key == signer.public_key  # the files hold the new key
    assert (keys_dir / f"retired-{taken}" / "station.json").exists() and not list(keys_dir.glob("*.new"))
    assert (keys_dir / "identity_hmac.key").read_text() == "ab" * 32  # earlier receipts' digests still checked
    assert json.loads((keys_dir / f"retired-{taken}" / "station.json").read_text())["key_id"] == taken
    local = load_trusted_keys(keys_dir / TRUSTED_KEYS_FILE)
    assert local.keys[signer.key_id] == signer.public_key
    with store.session() as s:
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "synchronisation.nouvelle_cle")).all()
    assert details == [f"ancienne={taken} nouvelle={signer.key_id}"]
    assert kept and audit_log.verify(store, extra_anchors=kept, public_key=signer.public_key).ok  # anchors go on
    # A third party's list: the desk's new key for its code, the other station's under the id it holds.
    body = httpx.get(f"{sqlite_central.base_url}/v1/security/receipt-keys", timeout=10).content
    anchor = httpx.get(f"{sqlite_central.base_url}/v1/security/anchor-key", timeout=10).json()["public_key"]
    trusted, _ = check_published(body, base64.b64decode(anchor))
    assert trusted.stations[signer.key_id] == CODE and trusted.keys[taken] == raw(theirs)
    claims = replace(signer.claims_for(sample_receipt(ReceiptKind.PROCURATION)), place_code=CODE)
    assert ReceiptVerifier(trusted).verify(signer.sign_claims(claims)).key_id == signer.key_id
    assert published(sqlite_central)["keys"][taken]["station_code"] == "PN-0201"


def test_a_desk_whose_key_is_free_keeps_it(store: Store, sqlite_central: Embedded, tmp_path: Path) -> None:
    desk = bulk_station(sqlite_central, tmp_path, CODE)
    keys_dir = tmp_path / "keys"
    write_station_keys(keys_dir, colliding_keys()[0])
    signer = load_station_signer(keys_dir)
    before = signer.key_id
    with httpx.Client(base_url=sqlite_central.base_url, timeout=10) as http:
        hook = SyncAnchoring(
            store,
            HttpCentralSecurity(http, token=desk.token),
            signer=signer,
            actor=Actor(station_code=CODE, agent_id=None),
            clock=lambda: NOW,
            keys_dir=keys_dir,
        )
        hook(0, 0)
    assert signer.key_id == before and not list(keys_dir.glob("retired-*"))
