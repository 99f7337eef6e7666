"""Dates the central store judges a station's act by: the act's effective time (bounded by the contacts the server
trusts, never the station's word) on the earliest or latest calendar day it can bear anywhere (UTC−12, UTC+14), so
no honest station in any time zone is refused, and a station whose clock lies cannot walk around a date rule the desk
checks on that clock (R-VALID-2, R-VALID-4a, R-VALID-4; spec/sync.md « Clock correction »)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from centralkit import procuration_body
from sqlalchemy import Engine
from test_central_l73 import MANDANTS, MANDATAIRES, fresh, stored
from test_central_trust import _entry, _push, _result

from central.queries import changes_since
from desktop.sync.wire import iso

# presidentielle-2027: first round on Sunday 11 April 2027, second on 25 April.
AFTER_T1 = datetime(2027, 4, 13, 8, 0, tzinfo=UTC)  # the station's last contact: the first round is over everywhere
SET_BACK = datetime(2027, 4, 10, 9, 0, tzinfo=UTC)  # what its clock says after a reboot (a dead battery, a hand)


def _station_after_the_first_round(tmp_path: Path) -> tuple[Engine, str]:
    engine, (station, _, _) = fresh(tmp_path)
    warm = procuration_body(MANDANTS[6], MANDATAIRES[1], election="legislatives-2027")
    _push(engine, station, AFTER_T1, _entry(1, warm, AFTER_T1 - timedelta(minutes=5), None))
    changes_since(engine, station_id=station, since=0, limit=10, now=AFTER_T1)  # it reads its feed, as stations do
    return engine, station


def test_R_VALID_2_a_clock_set_back_before_the_vote_does_not_make_a_past_round_valid(tmp_path: Path) -> None:
    engine, station = _station_after_the_first_round(tmp_path)
    # Its desk, on the clock set back to 10 April, let a procuration for the first round only through.
    late = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    answer = _result(_push(engine, station, AFTER_T1 + timedelta(days=1), _entry(2, late, SET_BACK, None)))
    [verdict] = answer.verdicts
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-VALID-2"), verdict
    assert "horloge_bornee" in verdict.flags and "passés" in str(verdict.message), verdict
    assert stored(engine)[late["id"]] == "invalidee"
    engine.dispose()


def test_R_VALID_4a_a_clock_set_back_does_not_start_a_duration_before_the_act(tmp_path: Path) -> None:
    engine, station = _station_after_the_first_round(tmp_path)
    back = procuration_body(MANDANTS[0], MANDATAIRES[0])
    back["validity"] = {"kind": "DUREE", "start": "2027-04-10", "end": "2027-12-31"}  # it covers the past 11 April
    answer = _result(_push(engine, station, AFTER_T1 + timedelta(days=1), _entry(2, back, SET_BACK, None)))
    [verdict] = answer.verdicts
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-VALID-4a"), verdict
    engine.dispose()


def test_an_honest_station_on_the_vote_day_in_papeete_or_kiritimati_is_not_refused(tmp_path: Path) -> None:
    """Regression guard: the earliest day anywhere is the act's day for R-VALID-2 and R-VALID-4a, so the vote day's
    evening in Papeete (UTC−10, already the 12th in UTC) and the vote day's first hour at UTC+14 both pass."""
    engine, (station, _, _) = fresh(tmp_path)
    evening = datetime(2027, 4, 12, 7, 30, tzinfo=UTC)  # 21:30 on 11 April in Papeete
    t1 = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    duration = procuration_body(MANDANTS[1], MANDATAIRES[1])
    duration["validity"] = {"kind": "DUREE", "start": "2027-04-11", "end": "2028-04-11"}
    dawn = datetime(2027, 4, 10, 10, 30, tzinfo=UTC)  # 00:30 on 11 April at UTC+14
    early = procuration_body(MANDANTS[2], MANDATAIRES[2])
    early["validity"] = {"kind": "DUREE", "start": "2027-04-11", "end": "2028-04-11"}
    first = _result(_push(engine, station, dawn + timedelta(minutes=1), _entry(1, early, dawn, None)))
    answer = _result(
        _push(
            engine,
            station,
            evening + timedelta(minutes=1),
            _entry(2, t1, evening, None),
            _entry(3, duration, evening, None),
        )
    )
    assert [(v.status, v.rule_id) for v in (*first.verdicts, *answer.verdicts)] == [("validee", None)] * 3
    assert date(2027, 4, 11) == (evening - timedelta(hours=10)).date()
    engine.dispose()


def test_R_REVOKE_2_a_résiliation_dated_before_the_procuration_by_a_clock_gone_back_still_revokes_it(
    tmp_path: Path,
) -> None:
    """A station the server's times never corrected (its claims: none) made a procuration on its wall clock, which
    was then set back three hours; the mandant's résiliation, in the next batch, is dated before the procuration.
    The station's entries keep their order (its seq): the résiliation revokes it, as the counter did."""
    from centralkit import resiliation_body

    engine, (station, _, _) = fresh(tmp_path)
    made = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    proc = procuration_body(MANDANTS[0], MANDATAIRES[0])
    _push(engine, station, made + timedelta(minutes=1), _entry(1, proc, made, None))
    back = _entry(2, resiliation_body(MANDANTS[0]), made - timedelta(hours=3), None, kind="procuration.resiliation")
    [verdict] = _result(_push(engine, station, made + timedelta(hours=1), back)).verdicts
    assert stored(engine)[proc["id"]] == "resiliee", verdict
    engine.dispose()


def test_R_REVOKE_2_after_a_restart_the_wall_clock_behind_the_reference_does_not_undo_the_order(
    tmp_path: Path,
) -> None:
    """Synced at 09:00, the station works offline on the server's time (its procuration at 12:00), restarts, and its
    wall clock, two hours behind, dates the résiliation 10:00, after its last sync: nothing is clamped, and the
    résiliation still comes after the procuration it revokes (the station's seq order)."""
    from centralkit import resiliation_body

    from central.contacts import record_contact

    engine, (station, _, _) = fresh(tmp_path)
    synced = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with engine.begin() as conn:
        record_contact(conn, station_id=station, at=synced, pulled=True)
    proc = procuration_body(MANDANTS[0], MANDATAIRES[0])
    made = synced + timedelta(hours=3)
    revoked = _entry(
        2, resiliation_body(MANDANTS[0]), synced + timedelta(hours=1), None, kind="procuration.resiliation"
    )
    revoked["clock"]["last_sync"] = iso(synced)  # the reference it kept, which no longer runs on (basis « wall »)
    _push(engine, station, made + timedelta(minutes=30), _entry(1, proc, made, synced))
    [verdict] = _result(_push(engine, station, made + timedelta(hours=1), revoked)).verdicts
    assert stored(engine)[proc["id"]] == "resiliee", verdict
    engine.dispose()
