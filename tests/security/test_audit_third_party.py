"""An audit export checked by an inspector's verifier written from docs/SECURITY.md alone (tests/verifierkit.py):
the station's anchors, the chain's start after a retention purge and the central store's countersignature."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import verifierkit
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.models.db import Store
from desktop.receipts.signing import public_key_bytes
from desktop.security.anchors import countersign
from desktop.services import audit_log
from desktop.services.journal import Actor, action, audit
from desktop.services.permissions import Principal
from desktop.services.retention import purge

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
STATION = "75056-01"
STATION_KEY = Ed25519PrivateKey.generate()
PUBLIC = public_key_bytes(STATION_KEY.public_key())
CENTRAL_KEY = Ed25519PrivateKey.generate()
CENTRAL_PUBLIC = public_key_bytes(CENTRAL_KEY.public_key())
INSPECTOR = Principal(
    station_code=STATION, agent_id="sup-1", role="superviseur", capacity="OPJ", station_kind="commissariat"
)


def _exported(store: Store, *, central_copies: bool) -> dict[str, Any]:
    """Events over a year, a retention purge (the chain's new start, signed), an anchor at the end, and the
    export an inspector receives (with the central store's countersigned copies of the start anchors, or not)."""
    for day in range(0, 400, 20):
        with action(store) as s:
            audit(s, actor=Actor(STATION, "agent-1"), action_name="procuration.consultee", now=T0 + timedelta(days=day),
                  record_id=str(day))  # fmt: skip
    now = T0 + timedelta(days=400)
    purge(store, station_code=STATION, now=now, scrutin_end=lambda _e, _r: None, signing_key=STATION_KEY)
    audit_log.make_anchor(store, private_key=STATION_KEY, station_code=STATION, now=now)
    copies = [
        countersign(CENTRAL_KEY, a, now + timedelta(hours=1))
        for a in audit_log.unsent_anchors(store, public_key=PUBLIC)
        if a.checkpoint
    ]
    assert copies, "the purge signed a start anchor"
    extra = copies if central_copies else []
    exported = audit_log.export(store, INSPECTOR, now=now, extra_anchors=extra, public_key=PUBLIC)
    data: dict[str, Any] = json.loads(exported.to_json())
    assert data["start"] is not None and data["verification"]["ok"], data["verification"]
    return data


def test_an_export_with_the_central_store_s_copies_is_verified_by_the_third_party_verifier(store: Store) -> None:
    data = _exported(store, central_copies=True)
    assert verifierkit.audit_export_problems(data, PUBLIC, CENTRAL_PUBLIC) == []
    other_central = public_key_bytes(Ed25519PrivateKey.generate().public_key())
    assert verifierkit.audit_export_problems(data, PUBLIC, other_central) == ["start not anchored"]


def test_the_station_s_own_export_marks_its_start_anchor_as_one(store: Store) -> None:
    """Before: the station's own start anchor was exported without `checkpoint`, so under the documented message it
    failed as a forged ordinary anchor, and the start looked unanchored (local rows do not store the kind; the
    export had the public key to read it and did not)."""
    data = _exported(store, central_copies=False)
    assert verifierkit.audit_export_problems(data, PUBLIC, None) == []
    assert [a["seq"] for a in data["anchors"] if a.get("checkpoint")] == [data["start"]["seq"]]


def test_the_third_party_verifier_sees_a_cut_an_edited_anchor_and_a_foreign_anchor(store: Store) -> None:
    data = _exported(store, central_copies=True)
    cut = {**data, "events": data["events"][1:]}
    assert verifierkit.audit_export_problems(cut, PUBLIC, CENTRAL_PUBLIC) == ["seq gap"]
    last = data["anchors"][-1]
    edited = {**data, "events": [
        {**e, "mac": "00" * 32} if e["seq"] == last["seq"] else e for e in data["events"]
    ]}  # fmt: skip
    assert verifierkit.audit_export_problems(edited, PUBLIC, CENTRAL_PUBLIC) == [f"anchor {last['seq']}: mac differs"]
    moved = {**data, "anchors": [*data["anchors"][:-1], {**last, "seq": last["seq"] - 1}]}
    assert f"anchor {last['seq'] - 1}: bad signature" in verifierkit.audit_export_problems(moved, PUBLIC, None)
