"""A station's entries keep their order whatever its clock (R-REVOKE-2 through the clock's bounds, session 26).

The central store moves a time it cannot believe into the bounds it trusts (central/clock.py). Two entries of one
station moved to the same bound tied: an establishment and the résiliation the mandant asked for after it, at a
station whose clock ran ahead (both moved to the batch's arrival) or had never been synchronised (both moved to the
enrolment), and the résiliation revoked nothing (« established before » it is strict). Each time is now after the
station's previous one, by a microsecond if need be.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from centralkit import procuration_body, resiliation_body
from sqlalchemy import select
from test_central_l73 import MANDANTS, MANDATAIRES, fresh
from test_central_trust import T0, _entry, _push, _result

from central.contacts import ONE_MICROSECOND
from central.schema import entries, procurations


def _established(engine: object, record_id: str) -> tuple[str, object]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        row = conn.execute(select(procurations.c.status, procurations.c.revocation_id).where(
            procurations.c.id == record_id)).one()  # fmt: skip
    return row.status, row.revocation_id


def test_a_résiliation_after_an_establishment_revokes_it_when_a_clock_ahead_moves_both_to_one_time(
    tmp_path: Path,
) -> None:
    engine, (station, _b, _c) = fresh(tmp_path)
    ahead = T0 + timedelta(hours=3)  # the station's clock: both entries are moved back to the batch's arrival, T0
    made = procuration_body(MANDANTS[0], MANDATAIRES[0])
    revoked = resiliation_body(MANDANTS[0])
    answer = _result(
        _push(
            engine,
            station,
            T0,
            _entry(1, made, ahead, None),
            _entry(2, revoked, ahead + timedelta(seconds=30), None, kind="procuration.resiliation"),
        )
    )
    assert [v.status for v in answer.verdicts] == ["resiliee", "validee"]  # revoked in the same batch
    assert _established(engine, made["id"]) == ("resiliee", revoked["id"])
    with engine.connect() as conn:
        times = conn.execute(select(entries.c.established_at).order_by(entries.c.seq)).scalars().all()
    assert times[1] - times[0] == ONE_MICROSECOND  # one after the other, as the station did them


def test_the_order_holds_across_batches(tmp_path: Path) -> None:
    engine, (station, _b, _c) = fresh(tmp_path)
    ahead = T0 + timedelta(hours=3)
    made = procuration_body(MANDANTS[1], MANDATAIRES[1])
    _push(engine, station, T0, _entry(1, made, ahead, None))
    revoked = resiliation_body(MANDANTS[1])
    # The next batch arrives in the same instant (the server's clock as the test sets it): moved to that same bound.
    _push(engine, station, T0, _entry(2, revoked, ahead, None, kind="procuration.resiliation"))
    assert _established(engine, made["id"]) == ("resiliee", revoked["id"])
