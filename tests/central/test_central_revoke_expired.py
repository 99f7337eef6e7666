"""§8 and R-REVOKE-2 at the central store: a résiliation ends the procurations still in force; one whose validity was
over by the résiliation's day (a first-round procuration, revoked after that round) stays as it was, not
« résiliée » — as the counter leaves it out since the legal audit (session 32)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from centralkit import procuration_body, resiliation_body
from sqlalchemy import Engine, select
from test_central_l73 import MANDANTS, MANDATAIRES, RULES, fresh

from central.apply import apply_batch
from central.contacts import record_contact
from central.schema import procurations
from desktop.models.ids import uuid7
from desktop.sync.wire import Batch, BatchResult, iso

MARCH = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # before the presidential election's first round (11 April 2027)
BETWEEN = datetime(2027, 4, 20, 10, 0, tzinfo=UTC)  # after the first round, before the second (25 April)


def _push(engine: Engine, station: str, seq: int, kind: str, body: dict[str, Any], at: datetime) -> str:
    with engine.begin() as conn:  # a time the server handed the station: the act's time is trusted
        record_contact(conn, station_id=station, at=at - timedelta(minutes=5), pulled=True)
    entry = {
        "seq": seq,
        "id": uuid7(),
        "kind": kind,
        "body": body,
        "established_at": iso(at),
        "clock": {"wall": iso(at), "basis": "server", "last_sync": iso(at - timedelta(minutes=5))},
    }
    raw = {"batch_id": uuid7(), "entries": [entry]}
    text = apply_batch(engine, station_id=station, batch=Batch.from_json(json.dumps(raw)), rules=RULES, now=at)
    [verdict] = BatchResult.from_json(text).verdicts
    return verdict.status


def test_a_résiliation_leaves_a_procuration_whose_validity_was_over(tmp_path: Path) -> None:
    engine, (station, _, _) = fresh(tmp_path)
    first_round = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    both_rounds = procuration_body(MANDANTS[1], MANDATAIRES[1], rounds="T1_T2")
    assert _push(engine, station, 1, "procuration.etablie", first_round, MARCH) == "validee"
    assert _push(engine, station, 2, "procuration.etablie", both_rounds, MARCH) == "validee"
    _push(engine, station, 3, "procuration.resiliation", resiliation_body(MANDANTS[0]), BETWEEN)
    _push(engine, station, 4, "procuration.resiliation", resiliation_body(MANDANTS[1]), BETWEEN)
    with engine.connect() as conn:
        rows = dict(conn.execute(select(procurations.c.id, procurations.c.status)).all())
    assert rows[first_round["id"]] == "validee"  # over on 11 April: expired, not revoked
    assert rows[both_rounds["id"]] == "resiliee"  # its second round is to come: revoked
    engine.dispose()
