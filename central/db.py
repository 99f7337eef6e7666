"""Engine setup for the central store: PostgreSQL in production, an SQLite file embedded, same code above."""

from __future__ import annotations

import os
import re
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    String,
    Table,
    any_,
    bindparam,
    cast,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine.interfaces import Compiled, Dialect
from sqlalchemy.exc import DBAPIError, InvalidatePoolError
from sqlalchemy.schema import CreateColumn
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.types import NullType

from central import indexes
from central.schema import changes, metadata, sequencer
from central.security_tables import agents as security_agents
from central.statement_bound import statement_seconds

FEED = "feed"
# A pooled PostgreSQL connection is pinged before use only after resting this long in the pool (`_ping_after_rest`).
REST_BEFORE_PING_SECONDS = 5.0
# A request of the API waits this long for a lock someone else holds (an administrator's LOCK TABLE, a long
# transaction), then answers 503 and the station resends: under the station's own timeout (30 s), well over the
# waits batches cause each other (milliseconds: the sequencer's row, a person's lock). `bound_lock_waits`.
LOCK_WAIT_SECONDS = 10.0
# A new PostgreSQL connection not made within this many seconds is given up (a frozen host or server, a network
# that drops packets): a 503 the station resends, not a request held until the station's own timeout (libpq: >= 2).
CONNECT_WAIT_SECONDS = 10


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs and pick the psycopg 3 driver for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, *, pool_size: int = 10, ping_after: float = REST_BEFORE_PING_SECONDS) -> Engine:
    """Create the engine, with SQLite set up as one serialised writer (BEGIN IMMEDIATE, WAL); on PostgreSQL a
    connection that rested `ping_after` seconds in the pool is pinged before use (`_ping_after_rest`)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        # hide_parameters: a database error's text never carries a name, a birth date or an NNE into a log.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy's BEGIN below be the only transaction start: pysqlite's own is deferred.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=30000")
            # What a delete or the retention purge frees is zeroed, not left in free pages (R-DATA-2).
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # IMMEDIATE takes the write lock up front: the single writer serialises every batch.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # application_name: which serving process holds a connection (pg_stat_activity), e.g. with `serve --workers`.
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        hide_parameters=True,
        connect_args={"application_name": f"guichet-central-{os.getpid()}", "connect_timeout": CONNECT_WAIT_SECONDS},
    )
    _ping_after_rest(engine, ping_after)
    return engine


def _ping_after_rest(engine: Engine, seconds: float) -> None:
    """Ping a pooled connection before use when it rested `seconds` or more in the pool; a dead one is replaced.

    SQLAlchemy's `pool_pre_ping` pings at every checkout: a round trip and a statement on the server for every
    request, twice for most (the token check, then the work), 8 % of an API process's time under the national
    simulation's load (issue 21). A connection back in the pool a moment ago was alive then; one that rested (a
    quiet night, a database restarted meanwhile) is checked as before. A connection that dies while in use is
    still met by SQLAlchemy's own handling: the request fails (a 503, the station sends again) and every pooled
    connection older than the failure is replaced at its next checkout."""

    @event.listens_for(engine, "checkin")
    def _rested_from(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info["rested_from"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        rested_from = record.info.get("rested_from")
        if rested_from is None or time.monotonic() - rested_from < seconds:
            return  # a new connection, or one in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            # Dead after a rest: the database restarted, most likely. The pool replaces this connection now and every
            # other pooled one at its next checkout, as `pool_pre_ping` did.
            raise InvalidatePoolError("connexion à PostgreSQL perdue pendant son repos dans le pool") from exc


def bound_lock_waits(engine: Engine, seconds: float | None = None, *, statements: float | None = 0.0) -> None:
    """From now on, every connection of this engine waits `seconds` (LOCK_WAIT_SECONDS) at most for a lock, then
    fails (SQLSTATE 55P03: a 503 at the edge), and runs a statement `statements` seconds at most (SQLSTATE 57014;
    None: `statement_seconds()`, the API's; 0: no bound). PostgreSQL only; for the API, once its schema is in place:
    a node starting waits for another's migration as long as it takes (`create_schema`'s lock)."""
    if engine.dialect.name != "postgresql":
        return  # SQLite: busy_timeout bounds the wait for its one writer already
    wait = max(1, round(1000 * (LOCK_WAIT_SECONDS if seconds is None else seconds)))
    longest = statement_seconds() if statements is None else statements
    run = max(1, round(1000 * longest)) if longest > 0 else 0

    @event.listens_for(engine, "connect")
    def _bounded(dbapi_conn: Any, _record: Any) -> None:
        # Set once a connection, kept by the session (a COMMIT keeps a SET): no round trip per request.
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = {wait}")
            cur.execute(f"SET statement_timeout = {run}")
        dbapi_conn.commit()

    engine.dispose()  # the connections opened before (the schema's) are replaced by bounded ones


def lock_wait_ended(exc: BaseException) -> bool:
    """Whether this statement gave up waiting for a lock someone else holds (SQLSTATE 55P03, `bound_lock_waits`)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "55P03"


def is_postgres(conn: Connection) -> bool:
    """True on PostgreSQL (advisory locks available)."""
    return conn.dialect.name == "postgresql"


def among(conn: Connection, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)`; on PostgreSQL `column = ANY(:array)`, one parameter whatever the count.

    The same statement text for 1 or 400 values: the driver neither re-parses nor re-prepares a query per batch
    size (issue 21: those IN lists of a batch's 200 ids were a tenth of the apply path's CPU).
    """
    values = list(values)
    if is_postgres(conn):
        if all(type(v) is str for v in values):
            # One parameter, the array's literal, cast on the server: psycopg's dumper of a Python list escapes
            # each element through a regular expression (0.8 ms for 400 ids, 5 % of the apply path's CPU; the
            # literal takes 10 µs). Cast to the type without its length, which would cut a longer value. The
            # parameter has no type of its own (NullType: no `::VARCHAR`), so PostgreSQL reads it as the array
            # itself, a constant of the plan; a text cast to an array would be parsed again wherever it is evaluated.
            literal = bindparam(None, array_literal(values), type_=NullType())
            as_text = cast(literal, ARRAY(_unsized(column.type)))
            found: ColumnElement[bool] = column == any_(as_text)
            return found
        found = column == any_(bindparam(None, values, type_=ARRAY(column.type)))
        return found
    listed: ColumnElement[bool] = column.in_(values)
    return listed


def array_literal(values: Sequence[str | None]) -> str:
    """PostgreSQL's text form of a one-dimensional array of these strings, every element quoted (so an empty
    string, `NULL`, a comma or a brace is a value like any other), `"` and `\\` escaped; None is `NULL`."""
    if not values:
        return "{}"
    if None in values:
        return "{" + ",".join("NULL" if v is None else array_literal([v])[1:-1] for v in values) + "}"
    texts: Sequence[str] = values  # type: ignore[assignment]  # no None, just checked
    every = "".join(texts)
    if "\\" in every or '"' in every:
        texts = [v.replace("\\", "\\\\").replace('"', '\\"') for v in texts]
    return '{"' + '","'.join(texts) + '"}'


def _unsized(kind: Any) -> Any:
    """A string type without its length (`VARCHAR(36)` → `VARCHAR`), any other type as it is."""
    return type(kind)() if isinstance(kind, String) and kind.length is not None else kind


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for a read of one statement: outside any transaction on PostgreSQL (a single SELECT sees one
    snapshot by itself).

    On a pooled psycopg connection, the BEGIN and ROLLBACK of a read-only transaction are two round trips, and
    psycopg answers every ROLLBACK by deallocating all the statements it had prepared on that connection, which
    the apply path then parses and plans again (issue 21: the token check of every request did this).
    """
    with engine.connect() as conn:
        if is_postgres(conn):
            conn.execution_options(isolation_level="AUTOCOMMIT")
        yield conn


Rows = list[tuple[Any, ...]]
# A statement and its parameters: one mapping, or a list of them (one execution each: executemany). A `str` is
# PostgreSQL's own text for psycopg (`%(name)b`: sent in binary), made by this module for PostgreSQL only.
Write = tuple[UpdateBase | TextClause | str, Mapping[str, Any] | list[Mapping[str, Any]]]


def pipelined(conn: Connection, writes: Sequence[Write], then: tuple[str, Mapping[str, Any]] | None = None) -> Rows:
    """Run statements whose results nobody reads, in this order, in the caller's transaction.

    On PostgreSQL they go in one psycopg pipeline: sent together, one round trip for all of them instead of one
    each (issue 21); a refusal (a duplicate key) aborts the rest and is the same SQLAlchemy error as one statement
    at a time (a 503 at the edge, the transaction rolled back). Elsewhere, one `execute` each.
    `then`: a read in PostgreSQL's text sent in the same round trip, after the writes; its rows are returned.
    """
    if not writes and then is None:
        return []
    if not is_postgres(conn):
        assert then is None, "PostgreSQL's text on another database"
        for statement, params in writes:
            assert not isinstance(statement, str), "PostgreSQL's text on another database"
            conn.execute(statement, [dict(p) for p in params] if isinstance(params, list) else dict(params))
        return []
    import psycopg

    raw = conn.connection.driver_connection
    assert raw is not None
    try:
        with raw.pipeline(), raw.cursor() as cur:
            for statement, params in writes:
                if isinstance(statement, str):
                    assert not isinstance(params, list)
                    cur.execute(statement, params)
                    continue
                compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
                if isinstance(params, list):
                    cur.executemany(str(compiled), [_bound(compiled, p) for p in params])
                else:
                    cur.execute(str(compiled), _bound(compiled, params))
            if then is None:
                return []
            cur.execute(*then)
            return list(cur.fetchall())
    except psycopg.Error as exc:
        lost = _lost(conn, exc)
        raise DBAPIError("pipeline", None, exc, hide_parameters=True, connection_invalidated=lost) from None


def driver_rows(conn: Connection, sql: str, params: Sequence[Any] | Mapping[str, Any]) -> Rows:
    """PostgreSQL's own text on the driver, for a read every request makes (issue 21): no construct to build,
    compile and cache-key each time; psycopg prepares it after a few runs. A driver error is the same SQLAlchemy
    error as through `execute` (a 503 at the edge)."""
    import psycopg

    raw = conn.connection.driver_connection
    assert raw is not None and is_postgres(conn)
    try:
        return list(raw.execute(sql, params).fetchall())
    except psycopg.Error as exc:
        lost = _lost(conn, exc)
        raise DBAPIError(sql.split(" ", 1)[0], None, exc, hide_parameters=True, connection_invalidated=lost) from None


def _lost(conn: Connection, error: Exception) -> bool:
    """After a driver error met under SQLAlchemy (`pipelined`, `driver_rows`): when PostgreSQL closed the connection
    (a restart, its backend killed), this one and every pooled one opened before it are replaced, as SQLAlchemy does
    for an error of its own `execute` (its `Pool._invalidate`, then the connection's). Without it, after a restart
    each dead pooled connection failed one more request (a 503 each, and the pool's failed reset logged each time)."""
    raw = conn.connection.driver_connection
    if raw is None or not (raw.broken or raw.closed):
        return False
    conn.engine.pool._invalidate(conn.connection, error)  # the pool's generation: older connections renewed
    conn.invalidate(error)  # this one, not rolled back nor put back in the pool
    return True


def _bound(compiled: Compiled, params: Mapping[str, Any]) -> dict[str, Any]:
    """The driver's parameters of a compiled statement: its own values, these, converted as `execute` would."""
    values = {**compiled.params, **params}
    processors: dict[str, Any] = getattr(compiled, "_bind_processors", {})  # SQLCompiler's: e.g. Boolean's
    for name, process in processors.items():
        if name in values and callable(process):
            values[name] = process(values[name])
    return values


def insert_writes(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[Write]:
    """Insert many rows, as a write for `pipelined`: on PostgreSQL one `INSERT … SELECT FROM unnest(…)` with one
    array per column (no round trip of its own, where a COPY takes two), elsewhere an executemany.

    The arrays are cast to the columns' types without their lengths: the insert itself refuses a value too long,
    as COPY and INSERT do (a cast to varchar(n) would cut it).
    """
    if not rows:
        return []
    if not is_postgres(conn):
        return [(insert(table), [dict(r) for r in rows])]
    columns = _defaults(table)
    texts = _text_columns(table)
    params: dict[str, Any] = {}
    for name, default in columns.items():
        values = [r.get(name, default) for r in rows]
        params[name] = array_literal(values) if name in texts else values
    return [(_unnest_insert(table, conn.dialect), params)]


@cache
def _text_columns(table: Table) -> frozenset[str]:
    """The table's string columns: their arrays go as one literal (`array_literal`)."""
    return frozenset(c.name for c in table.columns if isinstance(c.type, String))


@cache
def _unnest_insert(table: Table, dialect: Dialect) -> str:
    """The table's `INSERT … SELECT FROM unnest(…)`, in psycopg's own placeholders. A string column's array is one
    literal of our own, cast on the server (psycopg's dumper of a list of strings, text or binary, is Python per
    element: 4 ms of a batch of 200 under a profile); any other column's goes in binary (the text form escapes each
    element through a regular expression: a third of the apply path's CPU under a profile)."""
    texts = _text_columns(table)
    arrays = [
        f"CAST(%({c.name}){'s' if c.name in texts else 'b'} AS "
        f"{re.sub(r'[(][0-9, ]+[)]', '', c.type.compile(dialect=dialect))}[])"
        for c in table.columns
    ]
    names = ", ".join(c.name for c in table.columns)
    return f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({', '.join(arrays)})"


@cache
def _defaults(table: Table) -> dict[str, Any]:
    """Each column's Python-side default, for a column left out of a row (what `insert` would have put).

    Looked up once per table: per row and column, the look-up was 6 % of the apply path's CPU under a profile.
    """
    out: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        out[column.name] = getattr(default, "arg", None) if default is not None and default.is_scalar else None
    return out


def create_schema(engine: Engine) -> None:
    """Create the tables if missing and seed the feed sequencer (safe to run from several processes)."""
    from central.attribution import create_ledger  # here: both import this module
    from central.auth import adopt_legacy_tokens  # here: central.auth reads through this module (`reading`)
    from central.lineage import link as link_stations  # here: central.lineage reads through this module (`among`)
    from central.register import rekey_electors  # here: central.register reads through this module (`among`)

    with engine.begin() as conn:
        if is_postgres(conn):
            # Two API nodes starting together must not race on CREATE TABLE.
            conn.execute(text("SELECT pg_advisory_xact_lock(7301)"))
        metadata.create_all(conn)
        add_missing_columns(conn)
        widen_columns(conn, metadata.sorted_tables)
        # The apply path reads the agents each station enrolled (central/agent_authority.py): a store served without
        # the security routes has the table too, empty (central/security.create_security_schema adds the rest).
        security_agents.create(conn, checkfirst=True)
        add_missing_columns(conn, [security_agents])
        # create_all skips the indexes of tables that already exist: made here on SQLite, after this transaction on
        # PostgreSQL, where they are built without stopping writes (central/indexes.py).
        pending = indexes.missing(conn, metadata.sorted_tables)
        rekey_electors(conn)  # the register keyed with the names' current fold (and their usage names)
        adopt_legacy_tokens(conn, now=datetime.now(UTC))
        create_ledger(conn)  # which station each agent id belongs to (created once, adopting the history)
        link_stations(conn)  # the stations enrolled again before lineage (central/lineage.py): their history adopted
        if conn.execute(select(sequencer.c.value).where(sequencer.c.name == FEED)).first() is None:
            conn.execute(insert(sequencer).values(name=FEED, value=0))
    indexes.build(engine, pending)


def add_missing_columns(conn: Connection, tables: Iterable[Table] | None = None) -> None:
    """Additive schema changes on a store created by an older version: add the columns it lacks (with defaults);
    the apply path's tables unless `tables` (the security tables: central/security.create_security_schema)."""
    inspector = inspect(conn)
    for table in metadata.sorted_tables if tables is None else tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            if column.server_default is None and not column.nullable:
                raise RuntimeError(f"column {table.name}.{column.name} needs a server default to be added")
            ddl = CreateColumn(column).compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {ddl}"))


def widen_columns(conn: Connection, tables: Iterable[Table]) -> None:
    """Widen the text columns an older version made shorter than the model's, on PostgreSQL (which enforces the
    lengths; SQLite does not): a value the wire accepts must fit, not fail as a 503. A varchar the model now makes
    a text (no length) becomes one. Neither rewrites the table nor rebuilds its indexes on PostgreSQL."""
    if not is_postgres(conn):
        return
    inspector = inspect(conn)
    for table in tables:
        present = {c["name"]: getattr(c["type"], "length", None) for c in inspector.get_columns(table.name)}
        for column in table.columns:
            want, have = getattr(column.type, "length", None), present.get(column.name)
            if isinstance(column.type, String) and have and (want is None or have < want):
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f"ALTER TABLE {table.name} ALTER COLUMN {column.name} TYPE {kind}"))


def key_lock_id(key: str) -> int:
    """A stable signed 64-bit lock id for a person key."""
    high = zlib.crc32(key.encode())
    low = zlib.adler32(key.encode())
    value = (high << 32) | low
    return value - (1 << 64) if value >= 1 << 63 else value


def existing_ids(conn: Connection, table: Table, ids: list[str]) -> set[str]:
    """The ids among `ids` that `table` holds."""
    if not ids:
        return set()
    return set(conn.execute(select(table.c.id).where(among(conn, table.c.id, ids))).scalars())


def deadlock(exc: BaseException) -> bool:
    """Whether PostgreSQL cancelled this transaction to break a deadlock (SQLSTATE 40P01): it may run again."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "40P01"


def lock_keys(conn: Connection, keys: Iterable[str]) -> None:
    """Take transaction-scoped locks on person keys in sorted order (no deadlock between batches)."""
    if not is_postgres(conn):
        return  # the SQLite writer lock already serialises batches
    ids = sorted({key_lock_id(k) for k in keys})
    if ids:
        # The sorted sub-select fixes the order in which the locks are taken.
        conn.execute(
            text(
                "SELECT pg_advisory_xact_lock(s.k) FROM "
                "(SELECT k FROM unnest(CAST(:ids AS bigint[])) AS k ORDER BY k) AS s"
            ),
            {"ids": ids},
        )


def next_cursors(conn: Connection, count: int) -> int:
    """Reserve `count` feed cursors; returns the first. The row lock is held to commit: feed order = commit order."""
    row = conn.execute(
        update(sequencer)
        .where(sequencer.c.name == FEED)
        .values(value=sequencer.c.value + count)
        .returning(sequencer.c.value)
    ).one()
    return int(row[0]) - count + 1


def append_changes(conn: Connection, rows: Sequence[Mapping[str, Any]], *, at: datetime) -> None:
    """Number these change rows from the sequencer and insert them (SQLite, or any backend outside the apply's
    pipeline: the insert waits for the first cursor). The row lock is held to commit: feed order = commit order."""
    if not rows:
        return
    first = next_cursors(conn, len(rows))
    conn.execute(insert(changes), [{"cursor": first + i, "at": at, **row} for i, row in enumerate(rows)])


# The feed rows of a batch in one statement, numbered from the sequencer the statement before it moved: cursors
# first..last in row order, as next_cursors + insert would number them. PostgreSQL only (unnest ... WITH ORDINALITY).
_FEED_ROWS = (
    "INSERT INTO changes (cursor, station_id, entry_id, record_id, status, rule_id, message, at, flags) "
    "SELECT s.value - CAST(%(n)b AS bigint) + t.ord, t.station_id, t.entry_id, t.record_id, t.status, t.rule_id, "
    "t.message, %(at)b, t.flags FROM sequencer AS s, unnest(CAST(%(station_ids)s AS text[]), "
    "CAST(%(entry_ids)s AS text[]), CAST(%(record_ids)s AS text[]), CAST(%(statuses)s AS text[]), "
    "CAST(%(rule_ids)s AS text[]), CAST(%(messages)s AS text[]), CAST(%(flags)s AS text[])) WITH ORDINALITY AS "
    "t(station_id, entry_id, record_id, status, rule_id, message, flags, ord) WHERE s.name = %(name)b"
)


def feed_writes(rows: Sequence[Mapping[str, Any]], *, at: datetime) -> list[Write]:
    """PostgreSQL: reserve the cursors of these change rows and insert them, two statements that need no answer
    (`pipelined`), where next_cursors waits for the first cursor before the insert. The sequencer's row lock is
    taken by the first, held to the commit: feed order = commit order, as with next_cursors.
    """
    if not rows:
        return []
    reserve = update(sequencer).where(sequencer.c.name == FEED).values(value=sequencer.c.value + len(rows))
    columns = {"station_ids": "station_id", "entry_ids": "entry_id", "record_ids": "record_id"}
    columns |= {"statuses": "status", "rule_ids": "rule_id", "messages": "message", "flags": "flags"}
    arrays = {name: array_literal([r[column] for r in rows]) for name, column in columns.items()}  # as insert_writes
    return [(reserve, {}), (_FEED_ROWS, {**arrays, "n": len(rows), "at": at, "name": FEED})]
