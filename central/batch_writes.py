"""What an applied batch leaves besides its records: the batch's row, replayed on a resend, and the station's last
seq and contact (written at the batch's end with the other writes nobody reads, `db.pipelined`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, update

from central.db import Write, is_postgres
from central.schema import batches, stations


def batch_writes(
    conn: Connection, *, batch_id: str, station_id: str, digest: str, response: str, last_seq: int, at: datetime
) -> list[Write]:
    """The batch's row (replayed on a resend) and the station's last seq and contact; PostgreSQL's text made once
    (compiling the two constructs was a tenth of a small push's CPU), the constructs elsewhere."""
    if is_postgres(conn):
        params = {
            "batch_id": batch_id,
            "station_id": station_id,
            "digest": digest,
            "response": response,
            "last_seq": last_seq,
            "at": at,
        }
        return [(_PG_BATCH, params), (_PG_STATION_SEEN, params)]
    return constructs(
        batch_id=batch_id, station_id=station_id, digest=digest, response=response, last_seq=last_seq, at=at
    )


def constructs(
    *, batch_id: str, station_id: str, digest: str, response: str, last_seq: int, at: datetime
) -> list[Write]:
    """`batch_writes` as SQLAlchemy constructs (SQLite; on PostgreSQL, what its text is tested against)."""
    row = {"batch_id": batch_id, "station_id": station_id, "digest": digest, "response": response, "received_at": at}
    return [
        (insert(batches).values(**row), {}),
        (update(stations).where(stations.c.id == station_id).values(last_seq=last_seq, last_contact=at), {}),
    ]


_PG_BATCH = (
    "INSERT INTO batches (batch_id, station_id, digest, response, received_at) "
    "VALUES (%(batch_id)s, %(station_id)s, %(digest)s, %(response)s, %(at)s)"
)
_PG_STATION_SEEN = "UPDATE stations SET last_seq = %(last_seq)s, last_contact = %(at)s WHERE id = %(station_id)s"
