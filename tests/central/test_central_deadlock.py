"""Two batches reaching each other's persons: PostgreSQL breaks the deadlock, the cancelled batch runs again.

A batch locks the persons it names, in sorted order, then reaches further ones through the procurations it may
re-decide (R-VALID-6 joins a mandant's, L73 a mandataire's: `central/decide.load_around`). Another transaction may
hold one of those and wait for one the batch holds. PostgreSQL cancels one of the two; a cancelled batch wrote
nothing and `apply.apply_batch` runs it again instead of answering 503.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from centralkit import PgServer, procuration_body
from sqlalchemy import text
from test_central_l73 import ENROLLED, MANDANTS, MANDATAIRES, push, stored

from central.auth import enrol_station
from central.contacts import record_contact
from central.db import key_lock_id
from central.embedded import load_demo_data
from central.service import open_database
from desktop.sync.wire import BatchResult


@pytest.mark.postgres
def test_a_batch_cancelled_to_break_a_deadlock_runs_again(pg: PgServer) -> None:
    engine = open_database(pg.database())
    load_demo_data(engine)
    a, b = (enrol_station(engine, label=f"s{i}", now=ENROLLED).station_id for i in range(2))
    with engine.begin() as conn:
        for station in (a, b):
            record_contact(conn, station_id=station, at=ENROLLED, pulled=True)
    m, other, x = MANDANTS[0], MANDANTS[1], MANDATAIRES[0]
    later = procuration_body(m, x, rounds="T1")
    push(engine, a, 1, "procuration.etablie", later, ENROLLED + timedelta(hours=2))
    # The batch names OTHER and X; through X it reaches M (whose procuration to X is later than its own).
    m_lock, x_lock = key_lock_id(f"nne:{m['nne']}"), key_lock_id(f"nne:{x['nne']}")
    earlier = procuration_body(other, x, rounds="T1")
    answers: list[BatchResult | BaseException] = []

    def apply() -> None:
        try:
            answers.append(push(engine, b, 1, "procuration.etablie", earlier, ENROLLED + timedelta(hours=1)))
        except BaseException as exc:  # the assertion below reports it
            answers.append(exc)

    with engine.connect() as holder:
        holder.execute(text("SET deadlock_timeout = '20s'"))  # the batch's own check (1 s) breaks the deadlock
        holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": m_lock})
        worker = threading.Thread(target=apply)
        worker.start()
        _until_someone_waits(holder)
        holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": x_lock})  # what the batch holds
        holder.commit()
        worker.join(timeout=60)
    [answer] = answers
    assert isinstance(answer, BatchResult), answer
    assert answer.verdicts[0].status == "validee"
    assert stored(engine) == {earlier["id"]: "validee", later["id"]: "invalidee"}
    engine.dispose()


def _until_someone_waits(conn: Any) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))
        if waiting.scalar_one():
            return
        time.sleep(0.02)
    raise AssertionError("the batch never waited for the held person")
