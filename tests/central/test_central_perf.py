"""The shortcuts the apply path takes for speed (issue 21) say exactly what the slow forms said."""

from __future__ import annotations

import hashlib
import random
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import PgServer, entry, procuration_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.pq import TransactionStatus
from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from wirekit import batches as wire_batches
from wirekit import change_pages

from central.auth import caller_for_token, enrol_station
from central.batch_digest import _BODY_TOKEN, batch_digest
from central.contacts import known_contacts, record_contact
from central.db import (
    among,
    array_literal,
    feed_writes,
    insert_writes,
    make_engine,
    next_cursors,
    pipelined,
    reading,
)
from central.decide import STORED_FIELDS
from central.register import norm
from central.schema import batches, changes, contacts, procurations, stations, utc
from central.service import open_database
from desktop.models.ids import uuid7
from desktop.rules import names
from desktop.sync.wire import Batch, ChangesPage, canonical_json


def _slow_norm(value: str) -> str:
    """The names' fold without its ASCII fast path (desktop/rules/names.py): Unicode tables for every text."""
    upper = names._bare(names._bare(value).upper()).translate(names._TABLE)
    return " ".join("".join(c if names._kept(c) else " " for c in upper).split())


def test_norm_is_the_unicode_normalisation() -> None:
    samples = [
        "Dupont",
        "  de la   Tour-d'Auvergne ",
        "Müller",
        "ÉLODIE",
        "straße",
        "Ŀlorenç",
        "ﬁnn",
        "a\u0301",
        "",
        "½",
    ]
    samples += [chr(c) for c in range(32, 0x250)]
    for value in samples:
        assert norm(value) == _slow_norm(value), value


def _url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return f"sqlite:///{tmp_path / 'c.sqlite3'}" if kind == "sqlite" else str(request.getfixturevalue("pg").database())


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]
AT = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _procuration(pid: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": pid,
        "entry_id": "e-" + pid,
        "station_id": "s1",
        "mandant_key": "nne:1",
        "mandataire_key": 'x:é\\t{,}"',  # characters an array's text form would have to escape
        "mandant_list_kind": None,
        "established_in": "france",
        "validity_kind": "DUREE",
        "election_id": None,
        "rounds": None,
        "valid_from": date(2026, 3, 1),
        "valid_to": date(2027, 2, 28),
        "established_at": AT,
        "clock_flagged": True,
        "status": "validee",
        "rule_id": None,
        "message": "ligne 1\nligne 2\t« NULL »",
        "revoked_at": None,
        "revocation_id": None,
        "reference": None,
    }
    return row | changes


@pytest.mark.parametrize("kind", BACKENDS)
def test_insert_writes_store_what_insert_stores_and_refuse_a_duplicate(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    engine = open_database(_url(kind, tmp_path, request))
    rows = [_procuration("p1"), _procuration("p2", valid_from=None, valid_to=None, clock_flagged=False, message=None)]
    rows.append(_procuration("NULL", revoked_at=AT, revocation_id="r1", reference="ABC123", status="resiliee"))
    with engine.begin() as conn:
        pipelined(conn, insert_writes(conn, procurations, rows))
    with engine.connect() as conn:
        stored = {r.id: r._asdict() for r in conn.execute(select(procurations))}
    for row in rows:
        got = stored[str(row["id"])]
        got["established_at"] = utc(got["established_at"])
        got["revoked_at"] = utc(got["revoked_at"]) if got["revoked_at"] is not None else None
        assert got == row
    with pytest.raises(SQLAlchemyError), engine.begin() as conn:
        pipelined(conn, insert_writes(conn, procurations, [_procuration("p9"), _procuration("p1")]))
    with engine.connect() as conn:  # the refused transaction left nothing behind
        assert len(conn.execute(select(procurations)).all()) == 3
    engine.dispose()


@pytest.mark.slow
def test_insert_writes_refuse_a_value_too_long_instead_of_cutting_it(pg: PgServer) -> None:
    engine = open_database(pg.database())
    with pytest.raises(SQLAlchemyError), engine.begin() as conn:
        pipelined(conn, insert_writes(conn, procurations, [_procuration("p" * 37)]))
    engine.dispose()


@pytest.mark.slow
def test_feed_rows_are_numbered_as_next_cursors_numbers_them(pg: PgServer) -> None:
    engine = open_database(pg.database())
    rows: list[dict[str, str | None]] = [
        {
            "station_id": "s1",
            "entry_id": f"e{i}",
            "record_id": f"p{i}",
            "status": "invalidee",
            "flags": "",
            "rule_id": "R-LIMIT-1" if i % 2 else None,
            "message": None if i == 3 else f"« {i} »\t{{x}}",
        }
        for i in range(5)
    ]
    with engine.begin() as conn:
        first = next_cursors(conn, 3)  # someone else's rows before
        conn.execute(insert(changes), [{"cursor": first + i, "at": AT, **rows[0]} for i in range(3)])
    with engine.begin() as conn:
        pipelined(conn, feed_writes(rows, at=AT))
    with engine.begin() as conn:
        after = next_cursors(conn, 1)
        stored = [r._asdict() for r in conn.execute(select(changes).where(changes.c.cursor > 3).order_by("cursor"))]
    assert after == 9  # the sequencer moved by exactly the rows written
    assert [r.pop("cursor") for r in stored] == [4, 5, 6, 7, 8]
    assert [r | {"at": utc(r["at"])} for r in stored] == [{"at": AT, **row} for row in rows]
    engine.dispose()


def _four_queries(conn: Connection, station_id: str, claims: set[datetime]) -> tuple[object, ...]:
    """What central/contacts.py asked before known_contacts: four statements."""
    mine = contacts.c.station_id == station_id
    rows = conn.execute(select(contacts.c.server_time).where(mine, contacts.c.server_time.in_(sorted(claims))))
    issued = {utc(t) for t in rows.scalars()}
    newest = [
        conn.execute(select(func.max(contacts.c.server_time)).where(mine, *extra)).scalar()
        for extra in ([contacts.c.claimed], [], [contacts.c.pulled])
    ]
    return issued, *(utc(t) if t is not None else None for t in newest)


@pytest.mark.parametrize("kind", BACKENDS)
def test_known_contacts_say_what_the_four_queries_said(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    engine = open_database(_url(kind, tmp_path, request))
    rng = random.Random(21)
    times = [AT + timedelta(seconds=30 * n, microseconds=n) for n in range(40)]
    with engine.begin() as conn:
        for station in ("s1", "s2", "s3"):
            for t in rng.sample(times, 12):
                record_contact(conn, station_id=station, at=t, pulled=rng.random() < 0.4)
            record_contact(conn, station_id=station, at=times[0], pulled=True)  # a kept time gains `pulled`
        conn.execute(update(contacts).where(contacts.c.station_id == "s2").values(claimed=True))
        conn.execute(update(contacts).where(contacts.c.station_id == "s3", contacts.c.pulled).values(claimed=True))
    with engine.connect() as conn:
        assert conn.execute(
            select(contacts.c.pulled).where(contacts.c.station_id == "s1", contacts.c.server_time == times[0])
        ).scalar()
        for station in ("s1", "s2", "s3", "unknown"):
            for claims in (set(), set(rng.sample(times, 5)), {AT - timedelta(days=1)}):
                got = known_contacts(conn, station_id=station, claims=claims)
                assert got[:4] == _four_queries(conn, station, claims), (station, claims)
    engine.dispose()


@pytest.mark.postgres
def test_the_contacts_text_on_postgresql_does_what_the_constructs_do(pg: PgServer) -> None:
    """Every poll records a contact in PostgreSQL's own text (not compiled per request): the same calls, once
    through that text and once through the SQLAlchemy constructs, leave the same rows (kept, pulled, pruned)."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    from central.contacts import KEPT_CONTACTS, constructs, contact_writes

    rng = random.Random(7)
    times = [AT + timedelta(seconds=30 * n) for n in range(KEPT_CONTACTS + 40)]
    calls = [(station, t, rng.random() < 0.5) for t in times for station in ("s1", "s2") if rng.random() < 0.8]
    calls += [("s1", times[-1], True), ("s2", times[3], False)]  # a kept time gains `pulled`; an old one, nothing
    states = []
    for form in ("text", "constructs"):
        engine = open_database(pg.database())
        with engine.begin() as conn:
            conn.execute(insert(contacts), [{"station_id": "s2", "server_time": times[0], "claimed": True}])
            for station, t, pulled in calls:
                if form == "text":
                    writes = contact_writes(conn, station_id=station, at=t, pulled=pulled)
                    assert all(isinstance(statement, str) for statement, _ in writes)
                else:
                    writes = constructs(pg_insert, station_id=station, at=t, pulled=pulled)
                pipelined(conn, writes)
        with engine.connect() as conn:
            states.append(sorted(conn.execute(select(contacts)).all()))
        engine.dispose()
    assert states[0] == states[1]
    kept = [r for r in states[0] if r.station_id == "s1"]
    assert len(kept) == KEPT_CONTACTS and kept[-1].pulled  # pruned to the newest, the last one pulled


@pytest.mark.postgres
def test_the_token_check_in_postgresql_text_says_what_the_construct_says(pg: PgServer) -> None:
    """Every request's token check runs PostgreSQL's text on the driver: the same answer as the SQLAlchemy query for
    a valid, revoked, expired, renewed or unknown token, and a database failure is still SQLAlchemy's (a 503)."""
    from sqlalchemy import text

    from central.auth import _caller_query, renew_token, revoke_station, station_for_token

    engine = open_database(pg.database())
    now = datetime.now(UTC)
    live = enrol_station(engine, label="vivant", now=now)
    lost = enrol_station(engine, label="perdu", now=now)
    old = enrol_station(engine, label="ancien", now=now - timedelta(days=400))
    renewed = renew_token(engine, station_id=live.station_id, old_token=live.token, now=now)
    assert revoke_station(engine, "perdu", now=now) == 1
    tokens = [live.token, renewed.token, lost.token, old.token, "inconnu", "x" * 64]
    for token in tokens:
        with engine.connect() as conn:
            row = conn.execute(_caller_query(token)).first()
        expected = None if row is None or utc(row.expires_at) <= now else str(row.station_id)
        assert station_for_token(engine, token, now=now) == expected, token
    assert station_for_token(engine, renewed.token, now=now) == live.station_id
    assert station_for_token(engine, live.token, now=now) == live.station_id  # the renewal's grace
    assert station_for_token(engine, lost.token, now=now) is None
    assert station_for_token(engine, old.token, now=now) is None
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE station_tokens RENAME TO gone"))
    with pytest.raises(SQLAlchemyError):
        caller_for_token(engine, live.token, now=now)
    engine.dispose()


@pytest.mark.postgres
def test_the_feed_page_in_postgresql_text_reads_what_the_construct_reads(pg: PgServer) -> None:
    """A poll records its contact and reads its page in one round trip, in PostgreSQL's text: the same rows as the
    construct for every station, cursor and page size, and the contact is recorded."""
    from central.contacts import contact_then_rows
    from central.queries import _PG_PAGE, changes_since, page_query

    engine = open_database(pg.database())
    rng = random.Random(5)
    rows = [
        {
            "cursor": c,
            "station_id": rng.choice(("s1", "s2")),
            "entry_id": str(uuid7()),
            "record_id": str(uuid7()),
            "status": rng.choice(("validee", "invalidee")),
            "rule_id": rng.choice((None, "R-LIMIT-1")),
            "message": rng.choice((None, "déjà établie « ici »")),
            "at": AT + timedelta(minutes=c),
            "flags": rng.choice(("", "revue")),
        }
        for c in range(1, 60)
    ]
    with engine.begin() as conn:
        conn.execute(insert(changes), rows)
    for station in ("s1", "s2", "s3"):
        for since in (0, 1, 17, 58, 59):
            for limit in (1, 5, 500):
                params = {"station_id": station, "since": since, "limit": limit}
                with engine.begin() as conn:
                    got = contact_then_rows(conn, station_id=station, at=AT, then=(_PG_PAGE, params))
                    want = [tuple(r) for r in conn.execute(page_query(station, since, limit))]
                assert got == want, (station, since, limit)
    page = changes_since(engine, station_id="s1", since=0, limit=500, now=AT + timedelta(hours=1))
    assert [c.cursor for c in page.changes] == [r["cursor"] for r in rows if r["station_id"] == "s1"]
    with engine.connect() as conn:
        pulled = conn.execute(select(contacts.c.pulled).where(contacts.c.server_time == AT + timedelta(hours=1)))
        assert pulled.scalar() is True
    engine.dispose()


@pytest.mark.postgres
def test_a_batchs_own_writes_in_postgresql_text_do_what_the_constructs_do(pg: PgServer) -> None:
    """The batch's row, the station's last seq and contact, and the marking of a claim used: PostgreSQL's text (made
    once, not compiled per push) leaves the same rows as the SQLAlchemy constructs."""
    from central import batch_writes as bw
    from central.contacts import claim_constructs, claim_writes

    states = []
    for form in ("text", "constructs"):
        engine = open_database(pg.database())
        station = enrol_station(engine, label="poste", now=AT).station_id
        with engine.begin() as conn:
            for n in range(6):
                record_contact(conn, station_id=station, at=AT + timedelta(seconds=30 * n), pulled=n % 2 == 0)
            record_contact(conn, station_id="autre", at=AT)
            args = {"batch_id": str(uuid7()), "station_id": station, "digest": "d" * 64, "response": '{"é": 1}'}
            at, newest = AT + timedelta(minutes=5), AT + timedelta(seconds=90)
            if form == "text":
                writes = bw.batch_writes(conn, **args, last_seq=7, at=at)
                writes += claim_writes(conn, station_id=station, newest=newest)
                assert all(isinstance(statement, str) for statement, _ in writes)
            else:
                writes = bw.constructs(**args, last_seq=7, at=at)
                writes += claim_constructs(station_id=station, newest=newest)
            pipelined(conn, writes)
        with engine.connect() as conn:
            state = [
                conn.execute(select(stations.c.last_seq, stations.c.last_contact)).all(),
                conn.execute(select(batches.c.station_id, batches.c.digest, batches.c.response)).all(),
                conn.execute(select(contacts)).all(),
            ]
            states.append([sorted(tuple("S" if v == station else v for v in r) for r in part) for part in state])
        engine.dispose()
    assert states[0] == states[1]
    assert states[0][0] == [(7, AT + timedelta(minutes=5))]
    kept = [(t, claimed) for s, t, claimed, _pulled in states[0][2] if s == "S"]
    assert kept[0] == (AT + timedelta(seconds=90), True)  # the claim used, marked; older contacts forgotten
    assert len(kept) == 3 and ("autre", AT, False, False) in states[0][2]


_PAGES_APP: list[Any] = []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=change_pages())
def test_the_feed_writes_its_page_as_fastapi_wrote_the_returned_model(page: ChangesPage) -> None:
    """/v1/changes answers `model_dump_json()` instead of returning the model for FastAPI to validate again and
    write: the bytes are the ones FastAPI writes for that model under `response_model=ChangesPage`."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    if not _PAGES_APP:
        app = FastAPI()

        @app.post("/page", response_model=ChangesPage)
        def echo(body: dict[str, Any]) -> ChangesPage:
            return ChangesPage.model_validate_json(body["json"])

        _PAGES_APP.append(TestClient(app))
    written = page.model_dump_json()
    assert _PAGES_APP[0].post("/page", json={"json": written}).content == written.encode()


@pytest.mark.slow
def test_the_token_check_leaves_no_transaction_behind(pg: PgServer) -> None:
    """A ROLLBACK makes psycopg drop the statements prepared on the connection: the token check sends none."""
    engine = open_database(pg.database())
    token = enrol_station(engine, label="s", now=datetime.now(UTC)).token
    with reading(engine) as conn:
        conn.execute(select(batches.c.batch_id)).all()
        raw = conn.connection.driver_connection
        assert raw is not None
        assert raw.info.transaction_status == TransactionStatus.IDLE
    assert caller_for_token(engine, token, now=datetime.now(UTC)) is not None
    engine.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=wire_batches())
def test_the_digest_from_the_bodies_texts_is_the_digest_of_the_whole_batch(batch: Batch) -> None:
    whole = hashlib.sha256(canonical_json(batch.to_dict()).encode()).hexdigest()
    assert batch_digest(batch) == whole


def test_a_batch_holding_the_body_token_is_digested_whole() -> None:
    people = [
        {"nne": f"1000000{n}", "nom": "DUPONT", "prenoms": ["Jean"], "date_naissance": "1970-01-01"} for n in (1, 2)
    ]
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    raw = {"batch_id": uuid7(), "entries": [entry(1, "procuration.etablie", procuration_body(*people), at)]}
    raw["entries"][0]["clock"]["boot_id"] = _BODY_TOKEN  # another value of the batch is the token
    raw["entries"][0]["body"]["agent_id"] = _BODY_TOKEN
    batch = Batch.from_dict(raw)
    assert batch_digest(batch) == hashlib.sha256(canonical_json(batch.to_dict()).encode()).hexdigest()


_HOSTILE = ['a"b', "c\\d", "", "NULL", ",{}", " x ", '\\"', "é€😀", "p" * 37]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.lists(
        st.none() | st.text(st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"])), max_size=8
    )
)
def test_an_array_literal_is_read_back_by_postgresql_as_the_same_strings(
    pg: PgServer, values: list[str | None]
) -> None:
    import psycopg

    with psycopg.connect(pg.admin_url(), autocommit=True) as conn:
        for sample in (values, _HOSTILE, [None, *_HOSTILE, None]):
            row = conn.execute("SELECT CAST(%s AS text[])", [array_literal(sample)]).fetchone()
            assert row is not None and row[0] == sample


@pytest.mark.slow
def test_among_finds_exactly_the_ids_asked_whatever_their_characters(pg: PgServer) -> None:
    """The literal path of `among` against stored ids holding a quote, a backslash, a comma, `NULL`, an empty string:
    each finds itself and nothing else; a value longer than the column is not cut to match a stored one."""
    engine = open_database(pg.database())
    stored = [i for i in _HOSTILE if len(i) <= 36] + ["p" * 36]
    with engine.begin() as conn:
        pipelined(
            conn, insert_writes(conn, procurations, [_procuration(i, entry_id=f"e{n}") for n, i in enumerate(stored)])
        )
    with engine.connect() as conn:
        for asked in [[i] for i in _HOSTILE] + [_HOSTILE, [], ["absent", 'a"b']]:
            found = set(conn.execute(select(procurations.c.id).where(among(conn, procurations.c.id, asked))).scalars())
            assert found == set(asked) & set(stored), asked
        # The same statement text whatever the count: psycopg prepares it once.
        texts = {str(among(conn, procurations.c.id, ids).compile(conn)) for ids in (["a"], ["a", "b"], _HOSTILE)}
        assert len(texts) == 1
        # The array is a constant of the plan: a text cast to an array (through `cstring`) would be parsed again
        # wherever the plan evaluates it (a first version did, and PostgreSQL's CPU per record went up 30-fold).
        query = select(procurations.c.id).where(among(conn, procurations.c.id, _HOSTILE)).compile(conn)
        plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN VERBOSE {query}", query.params))
        assert "cstring" not in plan and "::text[]" in plan, plan
    engine.dispose()


def test_the_procurations_stored_fields_are_the_tables_columns_in_order() -> None:
    """`load_procs` unpacks its rows by position into `Proc`: a column added to one and not the other fails here."""
    assert tuple(c.name for c in procurations.columns) == STORED_FIELDS


def _kill_backends(pg: PgServer, url: str) -> int:
    """Terminate every server process of the database `url` names (a restart, as its clients see it)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(pg.admin_url(), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return len(rows)


@pytest.mark.slow
def test_a_connection_in_steady_use_is_not_pinged_and_one_that_rested_is(
    pg: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool's ping round trip only after a rest: none between requests that follow each other (issue 21)."""
    engine = make_engine(pg.database(), ping_after=0.3)
    pings: list[object] = []
    real_ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: pings.append(conn) or real_ping(conn))
    for _ in range(30):
        with reading(engine) as conn:
            assert conn.execute(select(1)).scalar() == 1
    assert pings == []
    time.sleep(0.4)
    with reading(engine) as conn:
        assert conn.execute(select(1)).scalar() == 1
    assert len(pings) == 1
    engine.dispose()


@pytest.mark.slow
def test_connections_killed_while_resting_in_the_pool_are_replaced_before_use(pg: PgServer) -> None:
    """The database restarted while the pool rested: the next request gets a live connection, not an error."""
    url = pg.database()
    engine = make_engine(url, ping_after=0.2)
    with engine.connect() as first, engine.connect() as second:  # two pooled connections
        assert first.execute(select(1)).scalar() == second.execute(select(1)).scalar() == 1
    assert _kill_backends(pg, url) == 2
    time.sleep(0.3)
    for _ in range(3):  # each pooled connection replaced, not only the first one met
        with engine.connect() as conn:
            assert conn.execute(select(1)).scalar() == 1
    engine.dispose()

    # The walk-around: without the rest's ping (a rest shorter than the threshold) the dead connection is used.
    careless = make_engine(url, ping_after=3600.0)
    with careless.connect() as conn:
        assert conn.execute(select(1)).scalar() == 1
    assert _kill_backends(pg, url) == 1
    with pytest.raises(SQLAlchemyError), careless.connect() as conn:
        conn.execute(select(1))
    careless.dispose()
