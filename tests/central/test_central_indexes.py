"""An index a release adds to a table the store already holds (central/indexes.py): on PostgreSQL it is built
without stopping the stations' writes, an interrupted build is built again; the store's clock reference reads it."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from centralkit import PgServer
from sqlalchemy import Engine, inspect, text

from central.db import create_schema
from central.service import open_database

NAME = "ix_entries_received_at"
INSERT = """
INSERT INTO entries (id, station_id, seq, kind, record_id, batch_id, body, established_at, declared_at, flags,
                     received_at)
VALUES (%s, 'station', %s, 'procuration.etablie', %s, 'lot', '{}', now(), now(), '', now())
"""


def _raw(url: str, *, autocommit: bool = False) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=autocommit)


def _older_store(pg: PgServer) -> tuple[str, Engine]:
    """A store as a version before the index made it: its entries, no index on received_at."""
    url = pg.database()
    engine = open_database(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP INDEX {NAME}"))
    with _raw(url) as raw:
        for seq in range(1, 51):
            raw.execute(INSERT, (str(uuid.uuid4()), seq, str(uuid.uuid4())))
    return url, engine


def _state(url: str) -> bool | None:
    """Whether the index is there and valid (None: absent)."""
    with _raw(url) as raw:
        row = raw.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s", (NAME,)
        ).fetchone()
    return None if row is None else bool(row[0])


def test_an_index_added_to_an_existing_sqlite_table_is_made_at_the_start(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text(f"DROP INDEX {NAME}"))
    create_schema(engine)
    assert NAME in {index["name"] for index in inspect(engine).get_indexes("entries")}


@pytest.mark.postgres
def test_an_index_added_to_an_existing_table_is_built_while_stations_write(pg: PgServer) -> None:
    url, engine = _older_store(pg)
    with _raw(url) as pushing:
        # A push in progress (its entry written, not committed) when the new version's first node starts.
        pushing.execute(INSERT, (str(uuid.uuid4()), 100, str(uuid.uuid4())))
        started = threading.Thread(target=create_schema, args=(engine,), daemon=True)
        started.start()
        try:
            deadline = time.monotonic() + 30
            with _raw(url, autocommit=True) as watch:  # pg_stat_activity read anew each time
                while time.monotonic() < deadline:  # the build waits for that push (either way of building)
                    waiting = watch.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE %%INDEX%%' "
                        "AND wait_event_type = 'Lock'"
                    ).fetchone()
                    if waiting and waiting[0]:
                        break
                    time.sleep(0.05)
                else:
                    pytest.fail("the index build never waited for the push in progress")
            # Meanwhile another station's push: a plain CREATE INDEX queued behind the first push would hold it too.
            with _raw(url) as other:
                other.execute("SET lock_timeout = '3s'")
                other.execute(INSERT, (str(uuid.uuid4()), 101, str(uuid.uuid4())))
                other.commit()
        finally:
            pushing.commit()
            started.join(timeout=60)
    assert not started.is_alive()
    assert _state(url) is True


@pytest.mark.postgres
def test_an_index_an_interrupted_build_left_invalid_is_built_again(
    pg: PgServer, caplog: pytest.LogCaptureFixture
) -> None:
    url, engine = _older_store(pg)
    create_schema(engine)
    with _raw(url) as raw:  # as a node killed during CREATE INDEX CONCURRENTLY leaves it
        raw.execute(f"UPDATE pg_index SET indisvalid = false WHERE indexrelid = '{NAME}'::regclass")
    assert _state(url) is False
    with caplog.at_level("WARNING", logger="guichet.central.schema"):
        create_schema(engine)
    assert _state(url) is True
    assert any(NAME in r.getMessage() and "invalid" in r.getMessage() for r in caplog.records)


@pytest.mark.postgres
def test_two_nodes_starting_together_build_the_index_once(pg: PgServer) -> None:
    url, engine = _older_store(pg)
    other = open_database(url)
    errors: list[BaseException] = []

    def start(node: Engine) -> None:
        try:
            create_schema(node)
        except BaseException as exc:  # reported below
            errors.append(exc)

    nodes = [threading.Thread(target=start, args=(node,)) for node in (engine, other)]
    for node in nodes:
        node.start()
    for node in nodes:
        node.join(timeout=60)
    assert errors == []
    assert _state(url) is True


@pytest.mark.postgres
def test_the_store_s_clock_reference_reads_the_index_s_end(pg: PgServer) -> None:
    url, engine = _older_store(pg)
    create_schema(engine)
    with _raw(url) as raw:
        raw.execute("ANALYZE entries")
        raw.execute("SET enable_seqscan = off")  # too few rows to prefer the index: say whether it can be used
        plan = "\n".join(str(r[0]) for r in raw.execute("EXPLAIN SELECT max(received_at) FROM entries").fetchall())
    assert NAME in plan, plan
