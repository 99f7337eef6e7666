"""Issue 15, item 5: the start of the audit chain cannot be cut (the retention checkpoint is anchored)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, select

from desktop.cli.audit import main as audit_main
from desktop.models import AuditCheckpoint, AuditEvent
from desktop.models.db import Store
from desktop.receipts.signing import public_key_bytes
from desktop.security.anchors import sign_anchor
from desktop.services import audit_log
from desktop.services.journal import Actor, action, audit
from desktop.services.retention import purge

from .central_fixture import start_central

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ACTOR = Actor(station_code="75056-01", agent_id="agent-1")
STATION_KEY = Ed25519PrivateKey.generate()
PUBLIC = public_key_bytes(STATION_KEY.public_key())


def _events(store: Store, days: range) -> None:
    for day in days:
        with action(store) as s:
            audit(s, actor=ACTOR, action_name="procuration.consultee", now=T0 + timedelta(days=day), record_id=str(day))


def _cut_start(store: Store, upto: int) -> None:
    """What the attacker did: delete the first events and write a checkpoint at the last deleted one (no key)."""
    with store.write() as s:
        mac = s.scalar(select(AuditEvent.mac).where(AuditEvent.seq == upto))
        s.execute(delete(AuditEvent).where(AuditEvent.seq <= upto))
        s.merge(AuditCheckpoint(id=1, seq=upto, mac=mac, purged_at=T0 + timedelta(days=10)))


def test_deleting_the_start_and_writing_a_checkpoint_is_reported(store: Store) -> None:
    """Before: this passed `guichet audit verify`, even with the central store's anchors."""
    _events(store, range(6))
    audit_log.make_anchor(store, private_key=STATION_KEY, station_code="75056-01", now=T0 + timedelta(days=5))
    _cut_start(store, 3)
    report = audit_log.verify(store, public_key=PUBLIC, now=T0 + timedelta(days=10))
    assert "depart_non_ancre" in [p.kind for p in report.problems]


def test_a_lawful_purge_is_anchored_and_verifies(store: Store) -> None:
    _events(store, range(5))
    now = T0 + timedelta(days=367)
    purge(store, station_code="75056-01", now=now, scrutin_end=lambda _e, _r: None, signing_key=STATION_KEY)
    report = audit_log.verify(store, public_key=PUBLIC, now=now)
    assert report.ok, report.problems
    starts = [a for a in audit_log.unsent_anchors(store, public_key=PUBLIC) if a.checkpoint]
    assert [a.seq for a in starts] == [2] and starts[0].at == T0 + timedelta(days=1)


def test_a_start_cut_too_young_is_reported_even_with_a_signed_start(store: Store) -> None:
    """Someone holding the station key signs a start anchor for a cut: the events it removed were not old enough,
    and an anchor younger than the retention period sits below the checkpoint."""
    _events(store, range(8))
    audit_log.make_anchor(store, private_key=STATION_KEY, station_code="75056-01", now=T0 + timedelta(days=7))
    _events(store, range(8, 10))
    _cut_start(store, 9)
    with store.write() as s:
        mac = s.scalar(select(AuditCheckpoint.mac))
        forged = sign_anchor(
            STATION_KEY, station_code="75056-01", seq=9, mac=mac, at=T0 + timedelta(days=8), checkpoint=True
        )
    report = audit_log.verify(store, extra_anchors=[forged], public_key=PUBLIC, now=T0 + timedelta(days=30))
    kinds = [p.kind for p in report.problems]
    assert "depart_non_ancre" not in kinds and kinds.count("depart_coupe") == 2


def test_an_ordinary_anchor_does_not_pass_for_a_start_anchor(store: Store) -> None:
    """Cutting exactly at an ordinary (end-of-sync) anchor passed before: its seq and MAC matched the checkpoint."""
    _events(store, range(6))
    audit_log.make_anchor(store, private_key=STATION_KEY, station_code="75056-01", now=T0 + timedelta(days=5))
    _events(store, range(6, 8))
    _cut_start(store, 6)
    kinds = [p.kind for p in audit_log.verify(store, public_key=PUBLIC).problems]
    assert kinds == ["depart_non_ancre"]


def test_the_central_store_keeps_start_anchors_and_verify_uses_them(store: Store, tmp_path: Path) -> None:
    central = start_central(tmp_path / "central")
    central.client.put_station_key(PUBLIC)
    _events(store, range(5))
    now = T0 + timedelta(days=367)
    purge(store, station_code="75056-01", now=now, scrutin_end=lambda _e, _r: None, signing_key=STATION_KEY)
    for anchor in audit_log.unsent_anchors(store, public_key=PUBLIC):
        central.client.put_anchor(anchor)
    kept = central.client.anchors()
    assert [a.seq for a in kept if a.checkpoint] == [2]
    # The local start anchor deleted too: the central copy still attests the start.
    with store.write() as s:
        from desktop.models import AuditAnchor

        s.execute(delete(AuditAnchor))
    assert not audit_log.verify(store, public_key=PUBLIC, now=now).ok
    assert audit_log.verify(store, extra_anchors=kept, public_key=PUBLIC, now=now).ok


def test_cli_reports_a_garbage_public_key_as_such(tmp_path: Path, capsys: object) -> None:
    """Smaller point of issue 15: a garbage --public-key was reported as 'invalid anchors'."""
    key_file = tmp_path / "key.hex"
    key_file.write_text("00" * 32)
    code = audit_main(
        [
            "--database",
            str(tmp_path / "none.db"),
            "--key-file",
            str(key_file),
            "--public-key",
            "pas-du-base64!",
            "verify",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "clé publique" in err.lower() and "ancre" not in err.lower()


def test_the_start_anchor_is_countersigned_by_the_central_store(store: Store, tmp_path: Path) -> None:
    """With the central store's key, only a start anchor it received and countersigned attests the start: a start
    anchor signed with a stolen station key but never sent there does not."""
    central = start_central(tmp_path / "central")
    central.client.put_station_key(PUBLIC)
    central_key = central.client.central_anchor_key()
    _events(store, range(5))
    now = T0 + timedelta(days=367)
    purge(store, station_code="75056-01", now=now, scrutin_end=lambda _e, _r: None, signing_key=STATION_KEY)
    local_only = audit_log.verify(store, public_key=PUBLIC, now=now, central_key=central_key)
    assert [p.kind for p in local_only.problems] == ["depart_non_ancre"]
    for anchor in audit_log.unsent_anchors(store, public_key=PUBLIC):
        central.client.put_anchor(anchor)
    kept = central.client.anchors()
    starts = [a for a in kept if a.checkpoint]
    assert starts and all(a.countersignature is not None and a.received_at is not None for a in starts)
    assert audit_log.verify(store, extra_anchors=kept, public_key=PUBLIC, now=now, central_key=central_key).ok
    other_central = start_central(tmp_path / "other").client.central_anchor_key()
    wrong = audit_log.verify(store, extra_anchors=kept, public_key=PUBLIC, now=now, central_key=other_central)
    assert [p.kind for p in wrong.problems] == ["depart_non_ancre"]
