"""The Journal's integrity check, whole once, then from where it was verified (session 35).

The Journal checks the chain after each search (desktop/views/journal.py). A year of log is 400,000 HMACs: 12.8 s
of a core at each search, the verdict « vérification… » all that time (bench/aged_desk.py), for a supervisor who
searches ten times in a row. Within one process the chain's prefix verified whole does not need verifying again:
an event is written once, sealed, and never updated; only the retention purge deletes, and it moves the checkpoint.
So after a whole verification that found the chain intact, the next ones verify only the events written since,
starting from the verified end's MAC, and verify the whole chain again whenever what the prefix rests on changed:
- an audit event updated or deleted: triggers count them (`AuditRewrites`, migration 0015), and a trigger gone
  counts as a change;
- the retention checkpoint (the chain now starts elsewhere);
- the verified end's row (its MAC);
- an anchor at or below the verified end that was not there (its MAC is compared during a whole pass only);
- every `FULL_AFTER`, and at the process's first check.
`guichet audit verify` always verifies the whole chain (desktop/services/audit_log.verify). Whoever can write the
store (SQLCipher: they hold the database key) could drop the triggers, rewrite and seal a row again, which no check of
the chain sees, whole or not; the signed anchors sent to the central store do (docs/SECURITY.md).
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.models import AuditEvent, AuditRewrites
from desktop.models.db import Store
from desktop.models.security import REWRITE_TRIGGERS
from desktop.security.anchors import Anchor
from desktop.security.chain import Checkpoint, VerifyReport, verify_chain
from desktop.services.audit_log import AuditKeyMissing, chain_rows, checkpoint, local_anchors, verify
from desktop.services.consultation_writer import settle

FULL_AFTER = 15 * 60.0  # seconds of the monotonic clock after which a check is whole again


@dataclass(frozen=True, slots=True)
class Verified:
    """The prefix last found intact: up to `seq` (its MAC `mac`), `rows` events, from `start`, the rewrites counted
    before it was read."""

    seq: int
    mac: bytes
    rows: int
    start: Checkpoint | None
    anchors: frozenset[tuple[int, bytes, bytes]]
    rewrites: int
    whole_at: float  # time.monotonic() of the whole verification it rests on


@dataclass(frozen=True, slots=True)
class Checked:
    """A check's report, the events it covers in all, and whether it verified the whole chain."""

    report: VerifyReport
    rows: int
    whole: bool


_verified: weakref.WeakKeyDictionary[Store, Verified] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def check(store: Store, *, clock: float | None = None) -> Checked:
    """Verify the chain: only what was written since the last intact check when its prefix is unchanged."""
    if store.audit_key is None:
        raise AuditKeyMissing("audit key unknown: open the store with its key")
    now = time.monotonic() if clock is None else clock
    settle(store)
    with _lock:
        known = _verified.get(store)
    if known is not None and now - known.whole_at < FULL_AFTER:
        resumed = _resume(store, known)
        if resumed is not None:
            return resumed
    return _whole(store, now)


def forget(store: Store) -> None:
    """The next check of this store is whole (a test, or a store reopened)."""
    with _lock:
        _verified.pop(store, None)


def _whole(store: Store, now: float) -> Checked:
    with store.read() as s:
        before = _rewrites(s)  # before the chain is read: a rewrite during the pass makes the next check whole
    report = verify(store)
    with store.read() as s:
        start = checkpoint(s)
        anchors = local_anchors(s)
        end = s.execute(select(AuditEvent.seq, AuditEvent.mac).order_by(AuditEvent.seq.desc()).limit(1)).first()
    with _lock:
        # Kept only when intact and when the end read is the one verified (nothing sealed in between).
        if (
            report.ok
            and before is not None
            and end is not None
            and end.seq == report.last_seq
            and end.mac == report.last_mac
        ):
            _verified[store] = Verified(end.seq, end.mac, report.rows, start, _keys(anchors, end.seq), before, now)
        else:
            _verified.pop(store, None)
    return Checked(report, report.rows, whole=True)


def _resume(store: Store, known: Verified) -> Checked | None:
    """The events after the verified end, or None when the prefix changed (a whole check is due)."""
    assert store.audit_key is not None
    with store.read() as s:
        if _rewrites(s) != known.rewrites or checkpoint(s) != known.start:
            return None
        # No count of the rows up to the end (a year of log's index read at each search): the verified part has no
        # gap, so a row cannot be inserted into it, and a row deleted from it is counted by its trigger.
        end_mac = s.scalar(select(AuditEvent.mac).where(AuditEvent.seq == known.seq))
        anchors = local_anchors(s)
        if end_mac != known.mac or _keys(anchors, known.seq) != known.anchors:
            return None
        report = verify_chain(
            chain_rows(s, after=known.seq),
            store.audit_key,
            start=Checkpoint(seq=known.seq, mac=known.mac),
            anchors=[a for a in anchors if a.seq > known.seq],
            resumed=True,
        )
    with _lock:
        if report.ok and report.last_mac is not None and report.last_seq is not None:
            _verified[store] = Verified(
                report.last_seq,
                report.last_mac,
                known.rows + report.rows,
                known.start,
                _keys(anchors, report.last_seq),
                known.rewrites,
                known.whole_at,
            )
        elif not report.ok:
            _verified.pop(store, None)
    return Checked(report, known.rows + report.rows, whole=False)


def _keys(anchors: list[Anchor], up_to: int) -> frozenset[tuple[int, bytes, bytes]]:
    return frozenset((a.seq, a.mac, a.signature) for a in anchors if a.seq <= up_to)


def _rewrites(s: Session) -> int | None:
    """Audit events updated or deleted so far; None when a trigger that counts them is missing."""
    present = set(
        s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")).all()
    )
    if not set(REWRITE_TRIGGERS) <= present:
        return None
    found = s.get(AuditRewrites, 1)
    return 0 if found is None else found.count
