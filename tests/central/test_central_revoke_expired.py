"""§8 and R-REVOKE-2 at the central store: a résiliation ends the procurations still in force; one whose validity was
over by the résiliation's day (a first-round procuration, revoked after that round) stays as it was, not
« résiliée » — as the counter leaves it out since the legal audit (session 32)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from centralkit import procuration_body, resiliation_body
from sqlalchemy import Engine, select, update
from test_central_l73 import MANDANTS, MANDATAIRES, RULES, fresh

from central.apply import apply_batch
from central.contacts import record_contact
from central.schema import procurations, stations
from desktop.models.ids import uuid7
from desktop.sync.wire import Batch, BatchResult, iso

MARCH = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # before the presidential election's first round (11 April 2027)
BETWEEN = datetime(2027, 4, 20, 10, 0, tzinfo=UTC)  # after the first round, before the second (25 April)
LATER = MARCH + timedelta(hours=1)  # still before the first round


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


def _at_a_consulate(tmp_path: Path) -> tuple[Engine, str]:
    """A store with a station enrolled as a consulate and the first-round procuration of TREMBLAY, whose mandataire
    is named without the NNE (the register found him by name and consulate), established in March."""
    from test_central_revoke_form import LEBLANC, TREMBLAY, without_nne

    engine, (station, _, _) = fresh(tmp_path)
    with engine.begin() as conn:
        conn.execute(update(stations).where(stations.c.id == station).values(place_kind="consulat"))
    first_round = procuration_body(TREMBLAY, without_nne(LEBLANC, "LEC-MTL"), where="etranger", rounds="T1")
    assert _push(engine, station, 1, "procuration.etablie", first_round, MARCH) == "validee"
    return engine, station


def test_r_revoke_6_does_not_ask_the_nne_of_a_mandataire_whose_procuration_was_over(tmp_path: Path) -> None:
    """At a consulate a résiliation needs the mandataire's NNE of each procuration it ends (R-REVOKE-6). One over by
    the résiliation's day is not ended (§8), so its mandataire's missing NNE is no reason to refuse: the counter,
    which leaves it out, accepted the résiliation the central store then refused, and put back what it had ended."""
    from test_central_revoke_form import TREMBLAY

    # After the first round: nothing in force to end, the résiliation stands (R-REVOKE-1 is the counter's to say).
    engine, station = _at_a_consulate(tmp_path)
    assert _push(engine, station, 2, "procuration.resiliation", resiliation_body(TREMBLAY), BETWEEN) == "validee"
    # Before the round the same résiliation would end it: the mandataire's NNE is asked (R-REVOKE-6 still holds).
    early, station = _at_a_consulate(tmp_path)
    assert _push(early, station, 2, "procuration.resiliation", resiliation_body(TREMBLAY), LATER) == "invalidee"
    engine.dispose()
    early.dispose()
