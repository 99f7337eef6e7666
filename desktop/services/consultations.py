"""The audit event of a consultation (a look-up): journaled before the result is returned, chained just after.

**Write-behind (the look-up's path, `record_consultation`).** The event is sealed (AES-256-GCM, key derived from
the store's) and appended to the store's consultation journal with one ``os.write``
(desktop/services/consultation_writer.py); the look-up returns its result after that write. A writer thread moves
the journal into the audit hash chain in groups, each in one ``synchronous=FULL`` transaction, and the same move
runs when the store is opened again. What that guarantees:

* a crash of Guichet itself (killed, SIGKILL included, or a fault) loses no consultation that was shown: the line
  is in the operating system's hands when the result is returned, and the next start (or `consultation_writer.
  settle`, which the audit's verification and export call first) puts it into the chain, exactly once, in the
  order written (tests/services/test_consultation_kill.py kills a real process; test_consultation_writer.py);
* a power cut or an operating-system crash can lose the lines written since the last group commit (the journal is
  not fsynced; a group commits 50 ms after look-ups pause, at most 1 s after its first line, with an fsync; the
  direct path lost the consultations since the last act or checkpoint); the reader keeps the longest valid prefix
  and the move never applies past a missing line: a tail, never a gap (test_consultation_writer.py);
* between the look-up and the group commit (milliseconds to 1 s), the event is in the journal, not yet in the chain:
  an act committed in that window takes the chain's next number first. Each event keeps its own time (``at``).
* closing the store (`Store.close`) moves what is journaled into the chain first, then lets the journal's file go
  (and its lock): a store opened again on the same file in this process journals again (`ConsultationJournal.close`).

**Direct (`consultation`)**: the previous path, kept where there is no journal (a store without a file or audit key,
or another process holding its journal): the event is committed before the result is returned, with
``synchronous=NORMAL`` (the WAL in the operating system's hands: survives a kill; a power cut loses a tail). The
connection goes back to ``synchronous=FULL`` before it returns to the pool, whatever happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TypedDict

from sqlalchemy.orm import Session

from desktop.models.db import Store
from desktop.services.consultation_writer import journal_for
from desktop.services.journal import Actor, audit

# Bench-only switch (bench/search.py --compare): False times the direct path in the same run.
WRITE_BEHIND = True


class _Event(TypedDict):
    """One consultation's audit event, as the journal and the direct commit both take it."""

    actor: Actor
    action_name: str
    now: datetime
    record_kind: str
    record_id: str | None
    detail: str | None


def record_consultation(
    store: Store,
    *,
    actor: Actor,
    now: datetime,
    record_kind: str,
    detail: str | None,
    action_name: str = "consultation",
    record_id: str | None = None,
) -> None:
    """Audit a consultation before its result is returned: journaled (write-behind), or committed directly."""
    event = _Event(
        actor=actor, action_name=action_name, now=now, record_kind=record_kind, record_id=record_id, detail=detail
    )
    journal = journal_for(store) if WRITE_BEHIND else None
    if journal is not None:
        try:
            journal.append(**event)
            return
        except OSError:
            pass  # the disk refused the line: the direct commit below (it raises too if the store cannot write)
    with consultation(store) as s:
        audit(s, **event)


@contextmanager
def consultation(store: Store) -> Iterator[Session]:
    """A write session (BEGIN IMMEDIATE) whose commit is durable against a process crash, not yet a power cut."""
    with store.engine.connect() as conn:
        # On the driver's connection: through SQLAlchemy's the PRAGMA would open a transaction, where SQLite
        # refuses to change the safety level.
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA synchronous=NORMAL")
        try:
            session = Session(bind=conn, expire_on_commit=False, info={"audit_key": store.audit_key})
            with session, session.begin():
                yield session
        finally:
            if conn.in_transaction():
                conn.rollback()
            driver.execute("PRAGMA synchronous=FULL")
