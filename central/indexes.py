"""Indexes a newer version adds to tables a store already holds, built without stopping the stations' writes.

`metadata.create_all` makes a new table's indexes with the table; an index added by a release to an existing table
is made at the first start of a node of that release (central/db.create_schema). On SQLite (embedded: one process,
small) it is made at once. On PostgreSQL a plain CREATE INDEX holds a lock that stops every write to the table while
it reads it all: on a year of a country's entries, minutes in which every push of every station waits (the rolling
update of docs/DEPLOYMENT.md 2.6 promises a first node that starts "no longer than usual"). So it is built
CONCURRENTLY, outside the schema's transaction: writes go on while it is built, and the node serves once it is done.

Two nodes starting together: the build runs under a session advisory lock, so one builds while the other waits for
it. A build cut short (the node killed, the database restarted) leaves an INVALID index that IF NOT EXISTS would keep
for ever, unused by any query and written at every insert: it is dropped and built again at the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, Index, Table, text

log = logging.getLogger("guichet.central.schema")
BUILD_LOCK = 7302  # the advisory lock of index builds (7301: the schema's transaction, central/db.create_schema)


def missing(conn: Connection, tables: Iterable[Table]) -> list[Index]:
    """The indexes of `tables` the store lacks or holds invalid; made at once on SQLite, returned on PostgreSQL
    (for `build`, once the caller's transaction is committed)."""
    wanted = [index for table in tables for index in sorted(table.indexes, key=lambda i: str(i.name))]
    if conn.dialect.name != "postgresql":
        for index in wanted:
            index.create(conn, checkfirst=True)
        return []
    valid = _valid_indexes(conn, [str(index.name) for index in wanted])
    return [index for index in wanted if str(index.name) not in valid]


def build(engine: Engine, indexes: list[Index]) -> None:
    """Build these PostgreSQL indexes CONCURRENTLY (an invalid one dropped first), one node at a time."""
    if not indexes:
        return
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")  # CONCURRENTLY runs outside a transaction
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": BUILD_LOCK})
        try:
            for index in indexes:
                name = str(index.name)
                state = _valid_indexes(conn, [name], invalid_too=True)
                if state.get(name) is True:  # another node built it while this one waited
                    continue
                quoted = conn.dialect.identifier_preparer.quote(name)
                if name in state:
                    log.warning("index %s left invalid by an interrupted build: built again", name)
                    conn.execute(text(f"DROP INDEX CONCURRENTLY IF EXISTS {quoted}"))
                log.info("building index %s concurrently (writes go on meanwhile)", name)
                conn.execute(text(_create_concurrently(conn, index)))
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": BUILD_LOCK})


def _create_concurrently(conn: Connection, index: Index) -> str:
    preparer = conn.dialect.identifier_preparer
    table = index.table
    assert table is not None
    columns = ", ".join(preparer.quote(column.name) for column in index.columns)
    unique = "UNIQUE " if index.unique else ""
    return (
        f"CREATE {unique}INDEX CONCURRENTLY IF NOT EXISTS {preparer.quote(str(index.name))} "
        f"ON {preparer.format_table(table)} ({columns})"
    )


def _valid_indexes(conn: Connection, names: list[str], *, invalid_too: bool = False) -> dict[str, bool]:
    """Of these index names, those the current schema holds: name -> valid (only the valid ones unless
    `invalid_too`)."""
    rows = conn.execute(
        text(
            "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = ANY(:names) AND c.relnamespace = current_schema()::regnamespace"
        ),
        {"names": names},
    ).all()
    return {str(name): bool(ok) for name, ok in rows if ok or invalid_too}
