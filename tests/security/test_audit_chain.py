"""Audit chain: verify catches an edited row, a deleted row and a cut tail; anchors on the central store; the CLI."""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from desktop.cli.audit import main as audit_main
from desktop.models.db import Store
from desktop.receipts.signing import public_key_bytes
from desktop.security.chain import GENESIS, ChainRow, row_mac, verify_chain
from desktop.services import audit_log
from desktop.services.journal import Actor, action, audit

from .central_fixture import start_central

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ACTOR = Actor(station_code="75056-01", agent_id="agent-1")
STATION_KEY = Ed25519PrivateKey.generate()
PUBLIC = public_key_bytes(STATION_KEY.public_key())


def _write(store: Store, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        with action(store) as s:
            audit(
                s,
                actor=ACTOR,
                action_name="procuration.consultee",
                now=T0 + timedelta(seconds=i),
                record_kind="procuration",
                record_id=f"rec-{i}",
                detail=None if i % 2 else "regle=R-LIMIT-1",
            )


def _anchor(store: Store, when: int = 0) -> None:
    audit_log.make_anchor(store, private_key=STATION_KEY, station_code="75056-01", now=T0 + timedelta(hours=when))


def _sql(store: Store, statement: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement))


def test_every_row_is_sealed_and_the_chain_verifies(store: Store) -> None:
    _write(store, 12)
    _anchor(store)
    report = audit_log.verify(store, public_key=PUBLIC)
    assert report.ok and report.rows == 12 and report.last_seq == 12


def test_edited_row_is_reported_at_its_seq(store: Store) -> None:
    _write(store, 10)
    _sql(store, "UPDATE audit_events SET record_id = 'autre' WHERE seq = 4")
    report = audit_log.verify(store)
    assert [(p.kind, p.seq) for p in report.problems] == [("modifiee", 4)]


def test_deleted_row_is_reported_as_a_gap(store: Store) -> None:
    _write(store, 10)
    _sql(store, "DELETE FROM audit_events WHERE seq = 6")
    kinds = {(p.kind, p.seq) for p in audit_log.verify(store).problems}
    assert ("trou", 6) in kinds and ("modifiee", 7) in kinds


def test_cut_tail_is_reported_against_the_last_anchor(store: Store) -> None:
    _write(store, 10)
    _anchor(store)
    _sql(store, "DELETE FROM audit_events WHERE seq > 7")
    report = audit_log.verify(store, public_key=PUBLIC)
    assert [(p.kind, p.seq) for p in report.problems] == [("queue_coupee", 10)]


def test_rewritten_chain_still_disagrees_with_the_anchor(store: Store) -> None:
    # Someone holding the database key re-seals every row after an edit: only the signed anchor catches it.
    _write(store, 6)
    _anchor(store)
    _sql(store, "UPDATE audit_events SET action = 'rien' WHERE seq = 2")
    key = store.audit_key
    assert key is not None
    with store.session() as s:
        rows = list(audit_log.chain_rows(s))
    previous = GENESIS
    with store.engine.begin() as conn:
        for row in rows:
            mac = row_mac(key, previous, row)
            conn.execute(text("UPDATE audit_events SET mac = :m WHERE seq = :s"), {"m": mac, "s": row.seq})
            previous = mac
    report = audit_log.verify(store, public_key=PUBLIC)
    assert [(p.kind, p.seq) for p in report.problems] == [("ancre_differente", 6)]


def test_forged_anchor_is_refused(store: Store) -> None:
    _write(store, 3)
    _anchor(store)
    _sql(store, "UPDATE audit_anchors SET seq = 2")
    assert [p.kind for p in audit_log.verify(store, public_key=PUBLIC).problems] == ["ancre_invalide"]


def test_central_anchors_catch_a_cut_even_when_local_anchors_are_gone(store: Store, tmp_path: Path) -> None:
    central = start_central(tmp_path / "central")
    central.client.put_station_key(PUBLIC)
    _write(store, 5)
    _anchor(store, 1)
    _write(store, 5, start=5)
    _anchor(store, 2)
    for anchor in audit_log.unsent_anchors(store):
        central.client.put_anchor(anchor)
        audit_log.mark_anchor_sent(store, seq=anchor.seq, now=T0)
    assert audit_log.unsent_anchors(store) == []
    _sql(store, "DELETE FROM audit_anchors")
    _sql(store, "DELETE FROM audit_events WHERE seq > 3")
    kept = central.client.anchors()
    assert [a.seq for a in kept] == [5, 10]
    report = audit_log.verify(store, extra_anchors=kept, public_key=PUBLIC)
    assert {p.kind for p in report.problems} == {"queue_coupee"}


def test_cli_verify_and_export(
    store: Store, store_key: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(store, 4)
    _anchor(store)
    path = tmp_path / "guichet.db"  # where the `store` fixture put it
    key_file = tmp_path / "db.key"
    key_file.write_text(store_key.hex())
    pub = ["--public-key", base64.b64encode(PUBLIC).decode()]
    assert audit_main(["--database", str(path), "--key-file", str(key_file), *pub, "verify"]) == 0
    assert "Aucune anomalie" in capsys.readouterr().out
    _sql(store, "UPDATE audit_events SET detail = 'x' WHERE seq = 2")
    assert audit_main(["--database", str(path), "--key-file", str(key_file), *pub, "verify"]) == 1
    out = capsys.readouterr().out
    assert "ANOMALIE [modifiee]" in out and "n° 2" in out
    # Export is nominative: a key file alone is not enough.
    assert (
        audit_main(
            ["--database", str(path), "--key-file", str(key_file), "export", "--output", str(tmp_path / "x.json")]
        )
        == 2
    )


@pytest.mark.parametrize(
    "content", [pytest.param("[" * 100_000 + "]" * 100_000, id="deep"), "[]", "{}", '{"public_key": "AAAA"}', "{"]
)
def test_cli_says_an_unreadable_station_key_file(
    store: Store, store_key: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    """Found by fuzzing: station.json was read with json.loads and indexed unguarded; RecursionError, KeyError or
    binascii.Error ended `guichet audit verify --keys-dir` in a traceback."""
    _write(store, 1)
    key_file = tmp_path / "db.key"
    key_file.write_text(store_key.hex())
    (tmp_path / "keys").mkdir()
    station = tmp_path / "keys" / "station.json"
    station.write_text(content, encoding="utf-8")
    argv = ["--database", str(tmp_path / "guichet.db"), "--key-file", str(key_file), "--keys-dir"]
    assert audit_main([*argv, str(tmp_path / "keys"), "verify"]) == 2
    assert capsys.readouterr().err == f"Clé publique du poste invalide ({station}) : 32 octets en base64 attendus.\n"


def test_export_content_is_pseudonymous(store: Store) -> None:
    from desktop.services.permissions import Principal

    _write(store, 3)
    inspector = Principal(
        station_code="75056-01", agent_id="sup-1", role="superviseur", capacity="OPJ", station_kind="commissariat"
    )
    exported = audit_log.export(store, inspector, now=T0 + timedelta(days=1), public_key=PUBLIC)
    data = json.loads(exported.to_json())
    assert data["verification"]["ok"] and [e["seq"] for e in data["events"]] == [1, 2, 3, 4]
    assert data["events"][-1]["action"] == "audit.exporte"
    assert set(data["events"][0]) == {"seq", "at", "station", "agent", "action", "kind", "record", "detail", "mac"}


_FIELDS = ("station_code", "agent_id", "action", "record_kind", "record_id", "detail")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 19), st.sampled_from(_FIELDS), st.text(min_size=1, max_size=8))
def test_any_single_field_edit_is_caught(index: int, name: str, value: str) -> None:
    key = b"k" * 32
    rows, previous = [], GENESIS
    for i in range(20):
        row = ChainRow(
            seq=i + 1,
            at=T0 + timedelta(seconds=i),
            station_code="S",
            agent_id="a",
            action="x",
            record_kind="k",
            record_id=str(i),
            detail=None,
        )
        previous = row_mac(key, previous, row)
        rows.append(dataclasses.replace(row, mac=previous))
    original = getattr(rows[index], name)
    changes: dict[str, Any] = {name: value}
    rows[index] = dataclasses.replace(rows[index], **changes)
    report = verify_chain(rows, key)
    assert report.ok == (original == value)
    if original != value:
        assert [(p.kind, p.seq) for p in report.problems] == [("modifiee", index + 1)]
