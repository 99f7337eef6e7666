"""The audit event of a consultation (a look-up), committed before the result is returned, without an fsync.

Every write of the store commits with ``synchronous=FULL``: the WAL is flushed to the disk before COMMIT returns.
A consultation writes nothing but its audit event, and that flush was most of a look-up's time (7 ms of 16 ms for
an NNE over 1,000,000 procurations, bench/search.py). Its transaction runs with ``synchronous=NORMAL`` instead:

* the event is in the WAL, in the operating system's hands, when the look-up returns its result: a crash of
  Guichet itself (killed, SIGKILL included, or a fault) loses no consultation that was shown
  (tests/services/test_consultation_kill.py kills a real process);
* it is on the disk at the next fsync of that WAL: the next act (establishment, revocation, any write; they all
  commit with FULL and flush the whole WAL, earlier frames included) or the next checkpoint. A power cut or an
  operating-system crash before then can lose the consultations since the last act; the audit chain stays whole
  (SQLite rolls the WAL back to its last complete commit, and the chain's sequence is read inside each
  transaction), so what is lost is a tail, never a gap.

The connection goes back to ``synchronous=FULL`` before it returns to the pool, whatever happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from desktop.models.db import Store


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
