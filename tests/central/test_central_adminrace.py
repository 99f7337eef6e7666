"""The administrator's commands racing the stations' batches on PostgreSQL (no sleep decides anything: a person's
lock held by the test, released once the other side has finished or waits).

R-ELIG-5: a register report (`import-electors --changes`, the register endpoint) changes the status of the reported
mandataire's procurations, so it must hold their mandants' locks as the apply path does (`decide.load_around`), and
it must run again when PostgreSQL cancels it to break a deadlock, as a batch does.

A review decided (`review decide`, the review page) while a batch changes the outcome under review: the decision and
the change are ordered, and an outcome changed after a decision re-opens the review (central/review.py).

`station revoke` (a lost laptop): a push whose credentials were checked before the revocation and whose body
arrives after it is refused, not applied once the administrator was told the station's calls are refused.

`purge` (R-DATA-2) deletes a Maprocuration request no procuration names two months after it was made: not one a
batch being applied has just judged and establishes (central/retention.py).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from centralkit import DUBOIS, MARTIN, PgServer, Station, procuration_body, resiliation_body
from sqlalchemy import Connection, Engine, delete, insert, select, text
from test_central_l73 import MANDANTS, MANDATAIRES

from central import review
from central.annulment import AnnulmentReport, RegisterEvent, record_events
from central.apply import apply_batch
from central.auth import enrol_station, revoke_station
from central.contacts import record_contact
from central.db import key_lock_id
from central.embedded import Embedded, load_demo_data
from central.retention import PurgeReport, purge
from central.schema import changes, procurations, requests, review_log, reviews
from central.service import load_rules, open_database
from desktop.models.ids import uuid7
from desktop.rules.annulment import AnnulmentCause
from desktop.sync.wire import Batch, BatchResult, iso

pytestmark = pytest.mark.postgres

RULES = load_rules()
ENROLLED = datetime(2026, 11, 1, tzinfo=UTC)
REPORTED = ENROLLED + timedelta(hours=3)  # the instant the report is recorded at (`now` of record_events)
M, M2 = MANDANTS[0], MANDANTS[1]
X, Y = MANDATAIRES[0], MANDATAIRES[1]  # X dies
SEQ: dict[str, int] = {}


def _store(pg: PgServer) -> tuple[Engine, list[str]]:
    engine = open_database(pg.database())
    load_demo_data(engine)
    stations = [enrol_station(engine, label=f"s{i}", now=ENROLLED).station_id for i in range(2)]
    with engine.begin() as conn:
        for station in stations:
            record_contact(conn, station_id=station, at=ENROLLED, pulled=True)
    return engine, stations


def _push(
    engine: Engine, station: str, body: dict[str, Any], at: datetime, kind: str = "procuration.etablie"
) -> BatchResult:
    """One entry (a procuration by default) established at `at`, received at once."""
    SEQ[station] = SEQ.get(station, 0) + 1
    raw = {
        "batch_id": uuid7(),
        "entries": [
            {
                "seq": SEQ[station],
                "id": uuid7(),
                "kind": kind,
                "body": body,
                "established_at": iso(at),
                "clock": {"wall": iso(at), "basis": "server", "last_sync": iso(ENROLLED)},
            }
        ],
    }
    answer = apply_batch(engine, station_id=station, batch=Batch.from_json(json.dumps(raw)), rules=RULES, now=at)
    return BatchResult.from_json(answer)


def _report(engine: Engine) -> AnnulmentReport:
    return record_events(
        engine, [RegisterEvent(X["nne"], AnnulmentCause.DECES)], rules=RULES, now=REPORTED, source="registre"
    )


def _statuses(engine: Engine) -> dict[str, tuple[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(procurations.c.id, procurations.c.status, procurations.c.rule_id))
        return {r.id: (r.status, r.rule_id) for r in rows}


def _feed(engine: Engine, record_id: str) -> list[str]:
    with engine.connect() as conn:
        query = select(changes.c.status).where(changes.c.record_id == record_id).order_by(changes.c.cursor)
        return list(conn.execute(query).scalars())


def _waiters(conn: Connection) -> int:
    query = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    return int(conn.execute(query).scalar_one())


def _until(done: Callable[[], bool], what: str) -> None:
    """Wait for a state of the other transactions (polled: a state is awaited, no time decides the outcome)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if done():
            return
        time.sleep(0.02)
    raise AssertionError(what)


def _in_thread(run: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    out: list[object] = []

    def target() -> None:
        try:
            out.append(run())
        except BaseException as exc:  # reported by the assertions of the test
            out.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out


def _lock(conn: Connection, person: dict[str, Any]) -> None:
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key_lock_id(f"nne:{person['nne']}")})


def test_a_procuration_of_the_mandant_applied_while_a_report_waits_is_decided_with_the_report(pg: PgServer) -> None:
    """M gave X a procuration; the register reports X's death at REPORTED; meanwhile M gives Y one for the same
    scrutin, later than the report. P is annulled from REPORTED on, so it no longer holds M's vote when N is
    established: N is in force (R-VALID-6 does not refuse it), whichever of the two transactions commits first."""
    engine, (a, b) = _store(pg)
    p = procuration_body(M, X)
    assert _push(engine, a, p, ENROLLED + timedelta(hours=1)).verdicts[0].status == "validee"
    n = procuration_body(M, Y)
    with engine.connect() as holder:
        _lock(holder, X)  # the report waits for X (a batch of X's being applied, say)
        report, reported = _in_thread(lambda: _report(engine))
        _until(lambda: _waiters(holder) == 1, "the report never waited for X")
        batch, pushed = _in_thread(lambda: _push(engine, b, n, REPORTED + timedelta(hours=1)))
        _until(lambda: not batch.is_alive() or _waiters(holder) == 2, "the batch neither ended nor waited")
        holder.commit()
    report.join(timeout=60)
    batch.join(timeout=60)
    assert isinstance(reported[0], AnnulmentReport), reported
    assert isinstance(pushed[0], BatchResult), pushed
    statuses = _statuses(engine)
    assert statuses[p["id"]] == ("annulee", "R-ELIG-5")
    assert statuses[n["id"]] == ("validee", None), "N refused for a procuration the register had annulled before it"
    if pushed[0].verdicts[0].status != "validee":  # answered before the report: station b learns it from the feed
        assert _feed(engine, n["id"])[-1:] == ["validee"]
    engine.dispose()


def test_a_report_cancelled_to_break_a_deadlock_runs_again(pg: PgServer) -> None:
    """The report reaches, through X, the mandant of a procuration established after it (M2, locked past X); a batch
    holding M2 waits for X. PostgreSQL cancels one of the two: the report runs again instead of telling the
    administrator the database refused it (or answering 503 on the register endpoint)."""
    engine, (a, _) = _store(pg)
    late = procuration_body(M2, X)
    _push(engine, a, late, REPORTED + timedelta(hours=1))  # established after the report's instant
    with engine.connect() as holder:
        holder.execute(text("SET deadlock_timeout = '20s'"))  # the report's own check (1 s) finds the deadlock
        _lock(holder, M2)
        report, reported = _in_thread(lambda: _report(engine))
        _until(lambda: _waiters(holder) == 1, "the report never waited for M2")
        _lock(holder, X)  # immediate when the report waits for M2 before taking X
        holder.commit()
    report.join(timeout=60)
    assert isinstance(reported[0], AnnulmentReport), reported
    assert reported[0].events == 1
    # Stored by the store's clock at REPORTED + 1 h before the report, recorded at REPORTED: that clock went back, and
    # the report's instant is taken just after what the store holds (central/annulment._after_stored): annulled,
    # not « never in force » (the central clock audit of session 34).
    assert _statuses(engine)[late["id"]] == ("annulee", "R-ELIG-5")
    engine.dispose()


def test_a_review_decided_while_a_batch_changes_its_outcome_is_opened_again(
    pg: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """P was established by an agent the central store never enrolled: a review is open on it. M's résiliation (same
    agent) changes P's outcome while the administrator decides the review: the batch had read the review undecided,
    the decision commits, then the batch writes the new outcome. A decided review must not carry an outcome changed
    after its decision: it is opened again (or the decision comes after the change and is the last word)."""
    engine, (a, _) = _store(pg)
    p = procuration_body(M, X)  # agent-1: never enrolled for station a, flagged `agent_inconnu`
    _push(engine, a, p, ENROLLED + timedelta(hours=1))
    with engine.connect() as conn:
        review_id = conn.execute(select(reviews.c.id).where(reviews.c.procuration_id == p["id"])).scalar_one()
    real_update = review.update
    deciding: list[tuple[threading.Thread, list[object]]] = []

    def update_meanwhile(table: Any) -> Any:
        # The batch read the review and is about to write its new outcome: the administrator decides now.
        if table is reviews and not deciding:
            deciding.append(
                _in_thread(lambda: review.decide_review(engine, review_id, decision="maintenue", by="admin-1"))
            )
            with engine.connect() as observer:
                thread = deciding[0][0]
                _until(
                    lambda: not thread.is_alive() or _row_waiters(observer) > 0, "the decision neither ended nor waited"
                )
        return real_update(table)

    monkeypatch.setattr(review, "update", update_meanwhile)
    _push(engine, a, resiliation_body(M), ENROLLED + timedelta(hours=2), kind="procuration.resiliation")
    [(thread, decided)] = deciding
    thread.join(timeout=60)
    assert isinstance(decided[0], review.ReviewItem), decided
    with engine.connect() as conn:
        row = conn.execute(select(reviews).where(reviews.c.id == review_id)).one()
        actions = list(
            conn.execute(
                select(review_log.c.action).where(review_log.c.review_id == review_id).order_by(review_log.c.id)
            ).scalars()
        )
    assert row.status == "resiliee"
    assert "maintenue" in actions, actions
    if row.decided_at is not None:
        assert actions[-1] == "maintenue", f"decided before the outcome changed, and left decided: {actions}"
    else:
        assert actions[-1] == "rouverte", actions
    engine.dispose()


def _row_waiters(conn: Connection) -> int:
    """Transactions waiting for a row another one holds (a review's row)."""
    query = text("SELECT count(*) FROM pg_locks WHERE locktype IN ('transactionid', 'tuple') AND NOT granted")
    return int(conn.execute(query).scalar_one())


def test_purge_keeps_a_request_a_batch_being_applied_establishes(pg: PgServer) -> None:
    """A Maprocuration request made on day 0, established at a counter on day 40, pushed while `purge` runs past its
    destruction day (R-DATA-2: two months, when no procuration names it). The batch has read the request (R-CHAN-A-8
    judged it) and waits for MARTIN; the purge must not delete it meanwhile: once the batch commits, a procuration
    names it."""
    engine, (a, _) = _store(pg)
    made = ENROLLED + timedelta(days=1)
    _only_request(engine, made)
    act = procuration_body(MARTIN, DUBOIS)
    act.update(channel="maprocuration", reference="RQ42ZZ")
    with engine.connect() as holder:
        _lock(holder, MARTIN)  # the batch reads the request, then waits for its mandant
        batch, pushed = _in_thread(lambda: _push(engine, a, act, made + timedelta(days=40)))
        _until(lambda: _waiters(holder) == 1, "the batch never waited for MARTIN")
        purging, purged = _in_thread(lambda: purge(engine, calendar=RULES.calendar, now=made + timedelta(days=75)))
        with engine.connect() as observer:
            _until(lambda: not purging.is_alive() or _row_waiters(observer) > 0, "the purge neither ended nor waited")
        holder.commit()
    batch.join(timeout=60)
    purging.join(timeout=60)
    assert isinstance(pushed[0], BatchResult), pushed
    assert pushed[0].verdicts[0].status == "validee", pushed[0].verdicts[0]
    assert isinstance(purged[0], PurgeReport), purged
    with engine.connect() as conn:
        kept = conn.execute(select(requests.c.reference).where(requests.c.reference == "RQ42ZZ")).scalars().all()
    assert kept == ["RQ42ZZ"], "the purge deleted a request a procuration names"
    assert purged[0].requests == 0
    engine.dispose()


def test_purge_keeps_a_request_import_requests_renews_meanwhile(pg: PgServer) -> None:
    """`import-requests` replaces a request past its destruction day with the same reference made anew, while
    `purge` deletes the old one: the new request stays."""
    engine, _ = _store(pg)
    made = ENROLLED + timedelta(days=1)
    _only_request(engine, made)
    renewed = made + timedelta(days=70)
    with engine.connect() as importing:
        trans = importing.begin()
        importing.execute(delete(requests).where(requests.c.reference == "RQ42ZZ"))  # as import_requests_data does
        importing.execute(insert(requests).values(_request_row(renewed)))
        purging, purged = _in_thread(lambda: purge(engine, calendar=RULES.calendar, now=made + timedelta(days=75)))
        with engine.connect() as observer:
            _until(lambda: not purging.is_alive() or _row_waiters(observer) > 0, "the purge neither ended nor waited")
        trans.commit()
    purging.join(timeout=60)
    assert isinstance(purged[0], PurgeReport), purged
    with engine.connect() as conn:
        kept = conn.execute(select(requests.c.requested_at).where(requests.c.reference == "RQ42ZZ")).scalars().all()
    assert kept == [renewed], "the purge deleted the request imported anew"
    engine.dispose()


def _request_row(made: datetime) -> dict[str, Any]:
    """MARTIN's request naming DUBOIS, made at `made`, as `import-requests` stores it."""
    said = {
        "reference": "RQ42ZZ",
        "requested_at": iso(made),
        "mandant": {**MARTIN, "list_kind": "communale", "inscription": "75056"},
        "mandataire": {**DUBOIS, "list_kind": "communale", "inscription": "69123"},
        "validity": {"kind": "SCRUTIN", "election_id": "presidentielle-2027", "rounds": "T1_T2"},
    }
    return {"reference": "RQ42ZZ", "body": json.dumps(said), "requested_at": made}


def _only_request(engine: Engine, made: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(delete(requests))  # the demo's: this one alone
        conn.execute(insert(requests).values(_request_row(made)))


def test_a_push_under_way_when_the_station_is_revoked_is_refused(pg_central: Embedded) -> None:
    """The station's token is checked when the push's headers arrive (central/limits.CredentialsFirst); its body is
    still on the line when `station revoke` runs. Nothing of it is applied after the command said the station's
    calls are refused from now on."""
    st = Station.enrol(pg_central.base_url, pg_central.enrolment_token, "portable-vole")
    before = st.push(st.batch(("procuration.etablie", procuration_body(MARTIN, DUBOIS), datetime.now(UTC))))
    assert before.status_code == 200, before.text
    body = json.dumps(st.batch(("procuration.etablie", procuration_body(M, X), datetime.now(UTC)))).encode()
    revoked = threading.Event()

    def slowly() -> Any:
        yield body[:10]  # the headers and a first chunk: the credentials are checked, the body is awaited
        assert revoked.wait(timeout=60)
        yield body[10:]

    headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    url = f"/v1/stations/{st.station_id}/batches"
    pushing, answered = _in_thread(lambda: st.http.post(url, content=slowly(), headers=headers))
    _until(lambda: _has_begun(pg_central, st), "the push never reached the server")
    assert revoke_station(pg_central.engine, st.station_id, now=datetime.now(UTC)) == 1
    revoked.set()
    pushing.join(timeout=60)
    [answer] = answered
    assert not isinstance(answer, BaseException), answer
    assert answer.status_code == 401, answer.text
    with pg_central.engine.connect() as conn:
        stored = conn.execute(select(procurations.c.id).where(procurations.c.station_id == st.station_id)).all()
    assert len(stored) == 1, "a push of the revoked station was applied after the revocation"


def _has_begun(central: Embedded, st: Station) -> bool:
    """Whether the server is reading the push's body: its credentials were accepted (a second push in flight of the
    same station is refused 429, central/limits.OnePerStation)."""
    probe = st.http.post(f"/v1/stations/{st.station_id}/batches", content=b"{}")
    return probe.status_code == 429
