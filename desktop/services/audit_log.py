"""The audit log as a whole: verify the chain, sign anchors at sync, record login attempts, export for an inspector."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AuditAnchor, AuditCheckpoint, AuditEvent
from desktop.models.db import Store
from desktop.security.anchors import Anchor, classify, sign_anchor
from desktop.security.chain import MIN_AUDIT_RETENTION, ChainRow, Checkpoint, VerifyReport, verify_chain
from desktop.services.consultation_writer import settle
from desktop.services.journal import Actor, action, audit
from desktop.services.permissions import Permission, require

LOGIN_ACTIONS = {
    "succes": "connexion.reussie",
    "echec": "connexion.echouee",
    "refus_verrouille": "connexion.refusee_verrouillee",
    "refus_delai": "connexion.refusee_delai",
    "reinitialisation_code": "agent.mot_de_passe_reinitialise",
    "recuperation_sequestre": "agent.acces_recupere_sequestre",
}


class AuditKeyMissing(Exception):
    """The store was opened without its audit key (verification needs the database key)."""


CHAIN_PAGE = 1000  # rows held at once while the chain is read


def chain_rows(session: Session, *, after: int = 0) -> Iterator[ChainRow]:
    """Every retained audit event in seq order (those after `after`), as the chain sees it: read a page at a time,
    plain columns.

    The ORM's result is buffered whole: a year of log (400,000 events) was 400,000 entity objects at once, about
    700 MiB more for the process, and the collections their making set off held the GUI thread (its longest
    stall when the Journal opened: 0.8 s; bench/aged_desk.py)."""
    e = AuditEvent
    query = select(e.seq, e.at, e.station_code, e.agent_id, e.action, e.record_kind, e.record_id, e.detail, e.mac)
    if after:  # the events after a verified end (desktop/services/chain_watch.py)
        query = query.where(e.seq > after)
    for row in session.execute(query.order_by(e.seq).execution_options(yield_per=CHAIN_PAGE)):
        yield ChainRow(*row)


def local_anchors(session: Session) -> list[Anchor]:
    """The anchors this station signed, oldest first."""
    rows = session.scalars(select(AuditAnchor).order_by(AuditAnchor.seq, AuditAnchor.id))
    return [Anchor(station_code=a.station_code, seq=a.seq, mac=a.mac, at=a.at, signature=a.signature) for a in rows]


def checkpoint(session: Session) -> Checkpoint | None:
    row = session.get(AuditCheckpoint, 1)
    return None if row is None else Checkpoint(seq=row.seq, mac=row.mac)


def verify(
    store: Store,
    *,
    extra_anchors: Sequence[Anchor] = (),
    public_key: bytes | None = None,
    now: datetime | None = None,
    retention: timedelta = MIN_AUDIT_RETENTION,
    central_key: bytes | None = None,
) -> VerifyReport:
    """Check the whole retained chain against local anchors and those given (e.g. the central store's copies).

    A retention checkpoint needs its signed start anchor; with `now`, anchors younger than `retention` below it are
    reported (the start was cut). Local anchors say their kind only through their signature: give `public_key`.
    """
    if store.audit_key is None:
        raise AuditKeyMissing("audit key unknown: open the store with its key")
    settle(store)  # the consultations journaled, not yet in the chain
    with store.read() as s:
        anchors = _merge(local_anchors(s), extra_anchors)
        if public_key is not None:
            anchors = [classify(public_key, a) for a in anchors]
        return verify_chain(
            chain_rows(s),
            store.audit_key,
            start=checkpoint(s),
            anchors=anchors,
            public_key=public_key,
            now=now,
            retention=retention,
            central_key=central_key,
        )


def anchor_checkpoint(
    session: Session, *, private_key: Ed25519PrivateKey, station_code: str, seq: int, mac: bytes, at: datetime
) -> Anchor:
    """Sign the retention checkpoint as the chain's start (kept here, sent to the central store at the next sync).

    `at` is the time of the last purged event, so a verifier sees a start cut before it was old enough to purge.
    """
    anchor = sign_anchor(private_key, station_code=station_code, seq=seq, mac=mac, at=at, checkpoint=True)
    session.add(
        AuditAnchor(station_code=station_code, seq=anchor.seq, mac=anchor.mac, at=anchor.at, signature=anchor.signature)
    )
    return anchor


def _merge(local: Sequence[Anchor], extra: Sequence[Anchor]) -> list[Anchor]:
    seen: dict[tuple[int, bytes, bytes], Anchor] = {}
    for a in (*local, *extra):
        key = (a.seq, a.mac, a.signature)
        if key not in seen or (a.countersignature is not None and seen[key].countersignature is None):
            seen[key] = a  # the central store's copy of a start anchor carries its countersignature
    return sorted(seen.values(), key=lambda a: a.seq)


def make_anchor(store: Store, *, private_key: Ed25519PrivateKey, station_code: str, now: datetime) -> Anchor | None:
    """Sign the chain's current end and keep the anchor (the sync worker sends it); None when the log is empty."""
    settle(store)
    with action(store) as s:
        last = s.execute(select(AuditEvent.seq, AuditEvent.mac).order_by(AuditEvent.seq.desc()).limit(1)).first()
        if last is None or last.mac is None:
            return None
        newest = s.scalar(select(AuditAnchor).order_by(AuditAnchor.seq.desc()).limit(1))
        if newest is not None and newest.seq == last.seq:
            return Anchor(
                station_code=newest.station_code,
                seq=newest.seq,
                mac=newest.mac,
                at=newest.at,
                signature=newest.signature,
            )
        anchor = sign_anchor(private_key, station_code=station_code, seq=last.seq, mac=last.mac, at=now)
        s.add(
            AuditAnchor(
                station_code=station_code, seq=anchor.seq, mac=anchor.mac, at=anchor.at, signature=anchor.signature
            )
        )
        return anchor


def unsent_anchors(store: Store, *, public_key: bytes | None = None) -> list[Anchor]:
    """Anchors not yet acknowledged by the central store (start anchors recognised when `public_key` is given)."""
    with store.read() as s:
        rows = s.scalars(select(AuditAnchor).where(AuditAnchor.sent_at.is_(None)).order_by(AuditAnchor.seq))
        found = [
            Anchor(station_code=a.station_code, seq=a.seq, mac=a.mac, at=a.at, signature=a.signature) for a in rows
        ]
    return [classify(public_key, a) for a in found] if public_key is not None else found


def mark_anchor_sent(store: Store, *, seq: int, now: datetime) -> None:
    """The central store kept this anchor."""
    with action(store) as s:
        for row in s.scalars(select(AuditAnchor).where(AuditAnchor.seq == seq)):
            row.sent_at = now


def record_login_attempts(
    session: Session, *, station_code: str, attempts: Sequence[tuple[str | None, dict[str, str]]], now: datetime
) -> int:
    """Write login attempts kept in the slot file (made before the store could open) into the audit log.

    An attempt on a login that has no slot comes without agent id: it is audited without one (the login typed is
    never written: it may be a password typed in the wrong field)."""
    for agent_id, attempt in attempts:
        at = _parse_time(attempt.get("at"), now)
        name = LOGIN_ACTIONS.get(attempt.get("outcome", ""), "connexion.inconnue")
        detail = None if at == now else "heure_tentative"
        audit(
            session,
            actor=Actor(station_code=station_code, agent_id=agent_id),
            action_name=name,
            now=at,
            record_kind="agent",
            record_id=agent_id,
            detail=detail if agent_id is not None else "identifiant_inconnu" + (f",{detail}" if detail else ""),
        )
    return len(attempts)


def _parse_time(text: str | None, fallback: datetime) -> datetime:
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return fallback
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Export:
    """What an inspector receives: pseudonymous events, anchors, the chain's start and the verification result."""

    data: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True)


def export(
    store: Store, actor: Actor, *, now: datetime, extra_anchors: Sequence[Anchor] = (), public_key: bytes | None = None
) -> Export:
    """Export the log (audit.exporter permission); the export itself is audited first, so it appears in it."""
    require(actor, Permission.AUDIT_EXPORTER)
    with action(store) as s:
        audit(s, actor=actor, action_name="audit.exporte", now=now, record_kind="audit")
    report = verify(store, extra_anchors=extra_anchors, public_key=public_key)
    with store.read() as s:
        start = checkpoint(s)
        events = [
            {
                "seq": r.seq,
                "at": r.at.astimezone(UTC).isoformat(),
                "station": r.station_code,
                "agent": r.agent_id,
                "action": r.action,
                "kind": r.record_kind,
                "record": r.record_id,
                "detail": r.detail,
                "mac": r.mac.hex() if r.mac else None,
            }
            for r in chain_rows(s)
        ]
        local = local_anchors(s)
        if public_key is not None:  # a start anchor says so in the export: its signature is over another context
            local = [classify(public_key, a) for a in local]
        anchors = [a.to_dict() for a in _merge(local, extra_anchors)]
    data = {
        "format": "guichet-audit-export-v1",
        "generated_at": now.astimezone(UTC).isoformat(),
        "exported_by": actor.agent_id,
        "station": actor.station_code,
        "start": None if start is None else {"seq": start.seq, "mac": start.mac.hex()},
        "verification": {
            "ok": report.ok,
            "rows": report.rows,
            "last_seq": report.last_seq,
            "problems": [{"kind": p.kind, "seq": p.seq, "message": p.message} for p in report.problems],
        },
        "anchors": anchors,
        "events": events,
    }
    return Export(data)
