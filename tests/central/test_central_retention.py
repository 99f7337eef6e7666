"""R-DATA-2 at the central store (central/retention.py, `guichet-central purge`): a procuration's personal data goes
one year after the end of its validity (calendar years: 29 February + 1 year is 28 February), a Maprocuration
request never established two months after it was made; idempotent, logged with counts only, safe while stations
push. Real HTTP for the pushes, both back-ends (PostgreSQL for the concurrent run)."""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from centralkit import Station, entry, procuration_body, resiliation_body
from datekit import live_calendar
from sqlalchemy import Engine, insert, select, update

from central.__main__ import main
from central.apply import apply_batch
from central.auth import enrol_station
from central.embedded import Embedded
from central.retention import PURGED, PURGED_BODY, purge
from central.schema import (
    entries,
    procurations,
    requests,
    retention_log,
    review_log,
    reviews,
    revocations,
    stations,
)
from central.service import ENV_CALENDAR, load_rules
from desktop.models.ids import uuid7
from desktop.sync.wire import Batch, BatchResult

P, R = "procuration.etablie", "procuration.resiliation"
H = timedelta(hours=1)
RULES = load_rules()  # the shipped calendar: the days below are fixed
CALENDAR = RULES.calendar
TREMBLAY = {"nom": "TREMBLAY", "prenoms": ["Marie", "Ève"], "date_naissance": "1963-03-14", "nne": "203396354"}
LEBLANC = {"nom": "LEBLANC", "prenoms": ["Étienne"], "date_naissance": "1975-04-25", "nne": "485249212"}
FERREIRA = {"nom": "FERREIRA", "prenoms": ["Inès"], "date_naissance": "1953-09-09", "nne": "477867630"}
COSTA = {"nom": "COSTA", "prenoms": ["Paul"], "date_naissance": "1997-11-15", "nne": "207039781"}
THOMAS = {"nom": "THOMAS", "prenoms": ["Sophie"], "date_naissance": "1963-05-27", "nne": "285042289"}
BERNARD = {"nom": "BERNARD", "prenoms": ["Luc", "Henri"], "date_naissance": "1969-08-08", "nne": "371617504"}


def now() -> datetime:
    return datetime.now(UTC)


# The R-DATA-2 tests below are about calendar years around 29 February 2028: their acts are applied in-process on a
# fixed day (the store's own path, central/apply.py, with its `now`), so that their fixed validities are ahead of
# it whatever the day the suite runs (a push over HTTP is dated by the real clock: from 1 January 2027 the first
# validity below was past, R-VALID-4a).
DAY = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


@dataclass
class DatedStation:
    """A station whose acts the store receives on DAY."""

    engine: Engine
    station_id: str
    seq: int = 0

    @classmethod
    def enrol(cls, engine: Engine, label: str, place_kind: str = "commissariat") -> DatedStation:
        station_id = enrol_station(engine, label=label, now=DAY - H).station_id
        with engine.begin() as conn:
            conn.execute(update(stations).where(stations.c.id == station_id).values(place_kind=place_kind))
        return cls(engine, station_id)

    def pushed(self, *items: tuple[str, dict[str, Any]]) -> list[str]:
        sent = []
        for kind, body in items:
            self.seq += 1  # a second apart, in the order given (a résiliation ends what was established before it)
            sent.append(entry(self.seq, kind, body, DAY + timedelta(seconds=self.seq)))
        batch = Batch.from_json(json.dumps({"batch_id": uuid7(), "entries": sent}))
        now = DAY + timedelta(seconds=self.seq)
        text = apply_batch(self.engine, station_id=self.station_id, batch=batch, rules=RULES, now=now)
        return [v.status for v in BatchResult.from_json(text).verdicts]


def duree(mandant: dict[str, Any], mandataire: dict[str, Any], start: str, end: str) -> dict[str, Any]:
    body = procuration_body(mandant, mandataire, where="etranger")
    body["validity"] = {"kind": "DUREE", "start": start, "end": end}
    return body


def pushed(st: Station, *items: tuple[str, dict[str, Any]]) -> list[str]:
    answer = st.push(st.batch(*((kind, body, now()) for kind, body in items)))
    assert answer.status_code == 200, answer.text
    return [v.status for v in BatchResult.from_json(answer.content).verdicts]


def row(engine: Engine, pid: str) -> tuple[str, str, str | None]:
    with engine.connect() as conn:
        found = conn.execute(
            select(procurations.c.mandant_key, procurations.c.mandataire_key, procurations.c.reference).where(
                procurations.c.id == pid
            )
        ).one()
    return found.mandant_key, found.mandataire_key, found.reference


def bodies(engine: Engine, record_id: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(entries.c.body).where(entries.c.record_id == record_id)).scalars())


def stored_text(engine: Engine) -> str:
    """Everything the store holds of procurations, résiliations and entries, as one text to search."""
    with engine.connect() as conn:
        parts = [
            *(str(tuple(r)) for r in conn.execute(select(procurations))),
            *(str(tuple(r)) for r in conn.execute(select(revocations))),
            *(str(tuple(r)) for r in conn.execute(select(entries))),
        ]
    return "\n".join(parts)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _reviewed(engine: Engine, pid: str, note: str) -> None:
    """Its review decided with a note, as the review page records it (central/review.py `decide_review`)."""
    with engine.begin() as conn:
        rid = conn.execute(select(reviews.c.id).where(reviews.c.procuration_id == pid)).scalar_one()
        done = dict(decision="maintenue", decided_by="chef", decided_at=DAY, note=note)
        conn.execute(update(reviews).where(reviews.c.id == rid).values(**done))
        conn.execute(insert(review_log).values(review_id=rid, action="maintenue", actor="chef", note=note, at=DAY))


def _notes(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        notes = [*conn.execute(select(reviews.c.note)).scalars(), *conn.execute(select(review_log.c.note)).scalars()]
    return [n for n in notes if n]


def test_R_DATA_2_a_procuration_goes_a_calendar_year_after_its_end_not_a_day_before(central: Embedded) -> None:
    """Valid to 1 March 2027: kept on 1 March 2028 (a calendar year, not 365 days: 2028 has a 29 February), gone
    on the 2nd. Valid to 29 February 2028: kept on 28 February 2029, gone on 1 March; its résiliation goes with it,
    the procuration still in force stays."""
    st = DatedStation.enrol(central.engine, "CONS-MTL", "consulat")
    short = duree(COSTA, TREMBLAY, "2027-01-01", "2027-03-01")
    leap = duree(TREMBLAY, LEBLANC, "2027-03-01", "2028-02-29")
    later = duree(FERREIRA, COSTA, "2028-03-01", "2029-02-28")
    assert st.pushed((P, short), (P, leap), (P, later)) == ["validee"] * 3
    revocation = resiliation_body(TREMBLAY)
    refused = resiliation_body({**FERREIRA, "nne": None, "inscription": "LEC-LIS"})  # R-REVOKE-6: no revocation
    assert st.pushed((R, revocation), (R, refused)) == ["validee", "invalidee"]
    engine = central.engine
    _reviewed(engine, short["id"], "COSTA joint par téléphone, né le 15/11/1997 : maintenue")

    first = purge(engine, calendar=CALENDAR, now=at("2028-03-01T23:00:00"))
    assert (first.procurations, first.entries) == (0, 1)  # the refused résiliation's entry: a year after its day
    assert bodies(engine, refused["id"]) == [PURGED_BODY]
    assert row(engine, short["id"])[0] == "nne:207039781"
    assert _notes(engine) == ["COSTA joint par téléphone, né le 15/11/1997 : maintenue"] * 2
    assert purge(engine, calendar=CALENDAR, now=at("2028-03-02T13:00:00")).procurations == 1
    assert row(engine, short["id"]) == (PURGED, PURGED, None)
    assert _notes(engine) == []  # the reviewer's free text went with it; the decision stays

    kept = purge(engine, calendar=CALENDAR, now=at("2029-02-28T23:00:00"))
    assert kept.procurations == 0 and kept.revocations == 0
    assert row(engine, leap["id"]) == ("nne:203396354", "nne:485249212", None)
    assert all("203396354" in b for b in bodies(engine, leap["id"]))

    gone = purge(engine, calendar=CALENDAR, now=at("2029-03-01T13:00:00"))
    assert (gone.procurations, gone.revocations) == (1, 1)
    assert row(engine, leap["id"]) == (PURGED, PURGED, None)
    assert bodies(engine, leap["id"]) == [PURGED_BODY] and bodies(engine, revocation["id"]) == [PURGED_BODY]
    held = stored_text(engine)
    for trace in ("203396354", "485249212", "TREMBLAY", "LEBLANC", "1963-03-14"):
        assert trace not in held, trace
    # The one valid until 28 February 2029 stays until 1 March 2030 (2029 is no leap year).
    assert row(engine, later["id"])[0] == "nne:477867630"
    with engine.connect() as conn:
        status = conn.execute(select(procurations.c.status).where(procurations.c.id == leap["id"])).scalar()
    assert status == "resiliee"  # what is not personal stays: the feed and the answers name it


def test_R_DATA_2_a_request_never_established_goes_at_two_months(central: Embedded) -> None:
    """Made on 30 June 2027 (before 10:00 UTC, the same day everywhere): destroyed on 30 August, kept on the 29th
    (two calendar months, not 60 days). Made on 31 December 2027: destroyed on 29 February 2028, kept on the 28th.
    One established stays with its procuration."""
    engine = central.engine
    body = {"note": "fictive"}
    made = {"IJ56KL": "2027-06-30T08:00:00", "AB12CD": "2027-12-31T08:00:00", "EF34GH": "2027-12-31T08:00:00"}
    with engine.begin() as conn:
        for ref, when in made.items():
            conn.execute(insert(requests).values(reference=ref, body=json.dumps(body), requested_at=at(when)))
    st = DatedStation.enrol(engine, "75056-01")
    established = {**procuration_body(THOMAS, BERNARD), "reference": "EF34GH", "channel": "maprocuration"}
    assert st.pushed((P, established)) == ["validee"]

    def references() -> set[str]:
        with engine.connect() as conn:
            return set(conn.execute(select(requests.c.reference)).scalars())

    assert purge(engine, calendar=CALENDAR, now=at("2027-08-29T13:00:00")).requests == 5  # the demo's, of 2026
    assert references() == set(made)
    assert purge(engine, calendar=CALENDAR, now=at("2027-08-30T13:00:00")).requests == 1
    assert references() == {"AB12CD", "EF34GH"}
    assert purge(engine, calendar=CALENDAR, now=at("2028-02-29T11:00:00")).requests == 0
    assert purge(engine, calendar=CALENDAR, now=at("2028-02-29T13:00:00")).requests == 1
    with engine.connect() as conn:
        left = set(conn.execute(select(requests.c.reference)).scalars())
    assert "AB12CD" not in left and "EF34GH" in left


def test_the_purge_command_says_its_counts_logs_no_person_and_is_idempotent(
    central: Embedded, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    st = Station.enrol(central.base_url, central.enrolment_token, "75056-01")
    old = procuration_body(THOMAS, BERNARD, election="presidentielle-2022")
    current = procuration_body(FERREIRA, COSTA)
    pushed(st, (P, old), (P, current))
    # The demo's Maprocuration requests (made in the autumn of 2026) dated from today: one made over two months ago
    # (R-DATA-2: it goes), the others days ago, whatever the day the suite runs.
    with central.engine.begin() as conn:
        conn.execute(update(requests).values(requested_at=now() - timedelta(days=3)))
        long_ago = now() - timedelta(days=95)
        conn.execute(update(requests).where(requests.c.reference == "9QF6VA").values(requested_at=long_ago))
    url = central.engine.url.render_as_string(hide_password=False)
    caplog.set_level(logging.INFO, logger="guichet.central.retention")
    # The calendar the store decided with (tests/conftest.py): `current`'s scrutin is ahead, whatever the day.
    purge_command = ["--database", url, "--calendar", os.environ[ENV_CALENDAR], "purge"]

    assert main(purge_command) == 0
    first = capsys.readouterr().out
    assert "R-DATA-2" in first and "1 procuration(s)" in first and "1 demande(s) Maprocuration" in first, first
    assert main(purge_command) == 0
    again = capsys.readouterr().out
    assert "0 procuration(s)" in again and "0 demande(s)" in again, again
    # --compact: PostgreSQL rewrites the purged tables (their old row versions leave its files); SQLite has nothing to.
    assert main([*purge_command, "--compact"]) == 0
    compacted = capsys.readouterr().out
    expected = "rien à compacter" if central.engine.dialect.name == "sqlite" else "VACUUM FULL"
    assert expected in compacted, compacted

    assert row(central.engine, old["id"])[0] == PURGED
    assert row(central.engine, current["id"])[0] == "nne:477867630"
    with central.engine.connect() as conn:
        logged = [tuple(r)[2:] for r in conn.execute(select(retention_log).order_by(retention_log.c.id))]
    assert logged == [(1, 0, 0, 1, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)]
    text = " ".join(r.getMessage() for r in caplog.records)
    assert "procurations=1" in text
    for trace in ("285042289", "THOMAS", old["id"]):
        assert trace not in text


@pytest.mark.postgres
def test_a_purge_while_stations_push_breaks_nothing(pg_central: Embedded) -> None:
    """The same persons pushed by four stations while purges run in small chunks (the apply path's person locks):
    every push answers 200 with its verdicts, every old procuration is purged, no new one is touched."""
    central = pg_central
    pairs = [(THOMAS, BERNARD), (FERREIRA, COSTA), (TREMBLAY, LEBLANC), (BERNARD, THOMAS), (COSTA, FERREIRA)]
    seed = Station.enrol(central.base_url, central.enrolment_token, "seed")
    old = [procuration_body(m, t, election="presidentielle-2022") for m, t in pairs for _ in range(12)]
    assert len(pushed(seed, *((P, b) for b in old))) == len(old)
    writers = [Station.enrol(central.base_url, central.enrolment_token, f"w{i}") for i in range(4)]
    new_ids: list[str] = []
    failures: list[str] = []
    done = threading.Event()
    start = threading.Barrier(len(writers) + 1)
    purged: list[int] = []

    def push(st: Station) -> None:
        start.wait()
        for round_ in range(6):
            items = [(P, procuration_body(m, t, election="legislatives-2027")) for m, t in pairs]
            items.append((R, resiliation_body(pairs[round_ % len(pairs)][0])))
            new_ids.extend(body["id"] for kind, body in items if kind == P)
            answer = st.push(st.batch(*((k, b, now()) for k, b in items)))
            if answer.status_code != 200 or len(answer.json()["verdicts"]) != len(items):
                failures.append(f"{answer.status_code}")

    def purging() -> None:
        start.wait()
        while not done.is_set():
            try:
                purged.append(purge(central.engine, calendar=live_calendar(), chunk=2).procurations)
            except Exception as exc:  # said by the assertion below
                failures.append(type(exc).__name__)

    cleaner = threading.Thread(target=purging)
    cleaner.start()
    threads = [threading.Thread(target=push, args=(w,)) for w in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    cleaner.join()
    assert failures == []
    assert sum(purged) > 0  # some of it ran while the stations pushed (purged with the store's calendar: conftest)
    purge(central.engine, calendar=live_calendar())
    assert all(row(central.engine, b["id"])[0] == PURGED for b in old)
    assert all(row(central.engine, pid)[0].startswith("nne:") for pid in new_ids)


def test_serve_purges_on_a_schedule_that_can_be_changed_or_switched_off(
    central: Embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` starts one purge thread (`--purge-hours`, 24 by default, 0: none); it runs, and runs again."""
    import time

    import central.__main__ as cli
    import central.retention as retention

    stop = retention.start_schedule(central.engine, CALENDAR, every=timedelta(seconds=0.1), first_delay=timedelta(0))
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline:
            with central.engine.connect() as conn:
                if len(conn.execute(select(retention_log.c.id)).all()) >= 2:
                    break
            time.sleep(0.05)
    finally:
        stop()
    with central.engine.connect() as conn:
        assert len(conn.execute(select(retention_log.c.id)).all()) >= 2

    started: list[float] = []
    monkeypatch.setattr(retention, "start_schedule", lambda engine, calendar, *, every: started.append(every / H))
    url = central.engine.url.render_as_string(hide_password=False)
    for argv, expected in (
        (["serve"], [24.0]),
        (["serve", "--purge-hours", "6"], [6.0]),
        (["serve", "--purge-hours", "0"], []),
        (["serve", "--demo-data"], []),
        (["serve", "--demo-data", "--purge-hours", "12"], [12.0]),
    ):
        started.clear()
        cli._schedule_purge(cli._parser().parse_args(argv), url)
        assert started == expected, argv
