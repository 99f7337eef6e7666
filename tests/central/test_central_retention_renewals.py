"""Retention of the renewal acts at the central store (central/retention_renewals.py): a passport case's entries lose
their bodies a calendar year after the case ended (closed, or void: its opening refused), an internet-vote
request's a calendar year after its last step, as the counter purges them; a case still open keeps them. Before,
the central store kept the applicant's name, birth date, NUMIC and passport number for ever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from test_central_renewal_checks import P, V, _one, _opening, _station, _step
from test_central_trust import _entry, _push

from central.retention import PURGED_BODY, purge
from central.schema import entries, retention_log
from central.service import load_rules
from desktop.models.ids import uuid7

CALENDAR = load_rules().calendar
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


def _bodies(engine: Engine, record: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(entries.c.body).where(entries.c.record_id == record)).scalars())


def _text(engine: Engine, record: str) -> str:
    return " ".join(_bodies(engine, record))


def _closing(case: str, on: str) -> dict[str, Any]:
    body = _step(case, 8, on=on, deadline_start=on, returned_on=on)
    body["data"]["status"] = "cloture"
    return body


def test_a_closed_case_and_an_internet_vote_request_go_a_calendar_year_after_an_open_case_stays(
    tmp_path: Path,
) -> None:
    engine, station = _station(tmp_path, NOW - timedelta(hours=1))
    closed, still_open, request = uuid7(), uuid7(), uuid7()
    asked = {
        "id": request,
        "agent_id": "x",
        "data": {"event": "demande", "numic": "123456789", "status": "lien_envoye"},
    }
    _push(
        engine,
        station,
        NOW,
        _entry(1, _opening(closed), NOW, None, kind=P),
        _entry(2, _opening(still_open), NOW, None, kind=P),
        _entry(3, asked, NOW, None, kind=V),
    )
    _push(engine, station, NOW + timedelta(minutes=1), _entry(4, _closing(closed, "2027-03-01"), NOW, None, kind=P))
    assert "MARTIN" in _text(engine, closed) and "MARTIN" in _text(engine, still_open)

    purge(engine, calendar=CALENDAR, now=datetime(2028, 3, 1, 23, 0, tzinfo=UTC))  # its last day, somewhere
    assert "MARTIN" in _text(engine, closed)
    assert "123456789" in _bodies(engine, request)[0]

    report = purge(engine, calendar=CALENDAR, now=datetime(2028, 3, 2, 14, 0, tzinfo=UTC))
    assert report.renewals == 2
    assert _bodies(engine, closed) == [PURGED_BODY, PURGED_BODY]
    assert _bodies(engine, request) == [PURGED_BODY]
    assert "MARTIN" in _text(engine, still_open)  # its 40 days or its invalidation may still come
    assert purge(engine, calendar=CALENDAR, now=datetime(2028, 3, 3, tzinfo=UTC)).renewals == 0  # idempotent
    with engine.connect() as conn:
        assert [r.renewals for r in conn.execute(select(retention_log).order_by(retention_log.c.id))] == [0, 2, 0]
    engine.dispose()


def test_a_void_case_goes_a_closing_the_central_store_refused_does_not_end_one(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    after = datetime(2027, 12, 5, 10, 0, tzinfo=UTC)  # the pilot is over (R-PASS-4): the opening is refused
    engine, station = _station(tmp_path / "a", after)
    void = uuid7()
    opened = _one(_push(engine, station, after + timedelta(hours=1), _entry(1, _opening(void), after, None, kind=P)))
    assert (opened.status, opened.rule_id) == ("invalidee", "R-PASS-4")
    other_engine, other = _station(tmp_path / "b", NOW - timedelta(hours=1))
    late = uuid7()
    _push(other_engine, other, NOW, _entry(1, _opening(late), NOW, None, kind=P))
    # Day 55 of the 40 (R-PASS-1): refused; the station's « cloture » does not end the case.
    refused = _step(late, 8, on="2027-02-25", deadline_start="2027-01-01", returned_on="2027-02-25")
    refused["data"]["status"] = "cloture"
    closing = _one(_push(other_engine, other, NOW + timedelta(minutes=1), _entry(2, refused, NOW, None, kind=P)))
    assert (closing.status, closing.rule_id) == ("invalidee", "R-PASS-1")

    purge(engine, calendar=CALENDAR, now=datetime(2028, 12, 7, tzinfo=UTC))
    assert _bodies(engine, void) == [PURGED_BODY]
    purge(other_engine, calendar=CALENDAR, now=datetime(2029, 1, 1, tzinfo=UTC))
    assert "MARTIN" in _text(other_engine, late)
    engine.dispose()
    other_engine.dispose()
