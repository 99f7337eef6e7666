"""The central store's PostgreSQL slow rather than down: a statement of the API that runs away is cancelled (a 503
the station resends) and frees its thread and connection; the scheduled retention purge blocked by a lock gives up
and tries again at its next run instead of waiting for ever while holding its own."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from centralkit import DUBOIS, MARTIN, NOW, PgServer, Station, free_port, procuration_body
from sqlalchemy import Engine

from central import service, statement_bound
from central.__main__ import main
from central.embedded import Embedded, start_embedded
from central.retention import start_schedule
from desktop.models.ids import uuid7

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

BOUND = 1.0  # seconds a statement of the API may run here (central/statement_bound.STATEMENT_SECONDS: 30 s served)
SLEEP = 20  # seconds the slowed statement would run without the bound

# A statement made slow on the server itself: every insert into `procurations` sleeps first, as a plan gone wrong
# or a bloated table would keep it running. PostgreSQL cancels it at the bound, as it would the real one.
SLOWED = f"""
CREATE FUNCTION slowed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep({SLEEP}); RETURN NULL; END $$;
CREATE TRIGGER slowed BEFORE INSERT ON procurations FOR EACH STATEMENT EXECUTE FUNCTION slowed();
"""


@pytest.fixture
def served(pg: PgServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Embedded]:
    monkeypatch.setattr(statement_bound, "STATEMENT_SECONDS", BOUND)
    monkeypatch.delenv(statement_bound.ENV_STATEMENT_SECONDS, raising=False)
    central = start_embedded(pg.database(), demo_data=False)
    yield central
    central.stop()


def _admin_url(central: Embedded) -> str:
    return central.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sleeping(admin: psycopg.Connection) -> int:
    row = admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%%pg_sleep%%' AND pid <> pg_backend_pid()"
    )
    return int(row.fetchone()[0])  # type: ignore[index]


def test_a_statement_that_runs_away_is_a_503_and_the_next_request_is_served(served: Embedded) -> None:
    station = Station.enrol(served.base_url, served.enrolment_token, "poste-lent")
    body = procuration_body(MARTIN, DUBOIS, rounds="T1")
    with psycopg.connect(_admin_url(served), autocommit=True) as admin:
        admin.execute(SLOWED)
        batch = station.batch(("procuration.etablie", {**body, "id": uuid7()}, NOW))
        start = time.monotonic()
        answer = station.push(batch)
        waited = time.monotonic() - start
        assert answer.status_code == 503, answer.text
        assert answer.headers.get("retry-after"), answer.headers
        assert "indisponible" in answer.json()["message"]
        assert BOUND <= waited < BOUND + 3, waited  # the bound, not the statement's 20 s
        assert _sleeping(admin) == 0  # cancelled on the server too: its backend is free for the next request
        admin.execute("DROP TRIGGER slowed ON procurations")
    again = station.push(batch)  # resent, as the station does after a 503
    assert again.status_code == 200, again.text
    assert [v["seq"] for v in again.json()["verdicts"]] == [1], again.text  # judged once, now
    with served.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW statement_timeout").scalar_one() == "1s"


def test_the_bound_is_a_setting_and_other_engines_have_none(pg: PgServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """GUICHET_CENTRAL_STATEMENT_SECONDS sets it; migrations, imports and the purge open engines without it."""
    monkeypatch.setenv(statement_bound.ENV_STATEMENT_SECONDS, "45")
    assert statement_bound.statement_seconds() == 45
    monkeypatch.setenv(statement_bound.ENV_STATEMENT_SECONDS, "0")
    assert statement_bound.statement_seconds() == 0
    monkeypatch.setenv(statement_bound.ENV_STATEMENT_SECONDS, "trente")
    with pytest.raises(ValueError, match="durée en secondes"):
        statement_bound.statement_seconds()
    monkeypatch.delenv(statement_bound.ENV_STATEMENT_SECONDS)
    assert statement_bound.statement_seconds() == statement_bound.STATEMENT_SECONDS == 30
    engine = service.open_database(pg.database())  # as `import-electors`, `purge`, the migrations
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar_one() == "0"
    finally:
        engine.dispose()


def test_a_scheduled_purge_blocked_by_a_lock_gives_up_and_runs_at_its_next_time(
    pg: PgServer, caplog: pytest.LogCaptureFixture
) -> None:
    engine = service.open_database(pg.database())
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    calendar = service.load_rules().calendar
    caplog.set_level(logging.INFO, logger="guichet.central.retention")
    with psycopg.connect(url) as admin:
        admin.execute("LOCK TABLE procurations IN ACCESS EXCLUSIVE MODE")  # another session's, held to the rollback
        stop = start_schedule(
            engine, calendar, every=timedelta(seconds=3), first_delay=timedelta(seconds=0.1), lock_wait=1.0
        )
        try:
            deadline = time.monotonic() + 10
            while not _gave_up(caplog) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(_gave_up(caplog)) == 1, caplog.text
            # It waits for no lock now: nothing of the purge's is queued behind the administrator's, nor holds one.
            waiting = admin.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()
            assert waiting == (0,)
            admin.rollback()
            deadline = time.monotonic() + 10
            while not _ran(engine) and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            stop()
    assert _ran(engine) == 1  # the next run, the lock gone, purged and wrote its report
    assert len(_gave_up(caplog)) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    engine.dispose()


def _gave_up(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("purge de conservation abandonnée")]


def _ran(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM retention_log").scalar_one())


def test_serve_refuses_a_bound_that_is_no_duration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(statement_bound.ENV_STATEMENT_SECONDS, "trente")
    monkeypatch.setenv(service.ENV_ENROLMENT, "jeton-de-test-de-la-borne-0123456789abcdef")
    monkeypatch.setenv(service.ENV_DATA_DIR, str(tmp_path / "c"))
    assert main(["--database", f"sqlite:///{tmp_path / 'c.sqlite3'}", "--port", str(free_port()), "serve"]) == 2
    assert "n'est pas une durée en secondes" in capsys.readouterr().err
    assert not (tmp_path / "c.sqlite3").exists()  # said before anything starts
