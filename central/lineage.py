"""A station enrolled again: one counter under several station ids (docs/SYNC.md « A station enrolled again »).

IT enrols a station again with a new bulk token for its station code (a revoked token, a laptop found again, a token
expired after 90 days without contact, a restored central store that no longer knows it); the station keeps its
store and goes on under a new id (desktop/sync/recovery.py `rebind`). The administrator issued each of those tokens
for that code (central/enrolment.py), so an id enrolled with it later is the same counter's: the earlier id's heir.
A station enrolled with the shared enrolment secret names itself (its label is its word): it has no lineage.

What a later id inherits of the earlier ids of its code (`station_heirs`, linked at enrolment, `link`):
- the feed: a later change of a record an earlier id sent (an L73 invalidation, a résiliation at another counter, an
  annulment) is written to the earlier id's feed and to each later id's (`with_heirs`), so the counter learns it;
- renewal records: the next step of a passport case or an internet-vote request an earlier id opened, and the
  replacement of its requests (central/ownership.py, central/ivote_checks.py);
- agents: an act of an agent an earlier id enrolled is judged against that enrolment, not flagged as another
  station's (central/attribution.py, central/agent_authority.py, central/renewal_checks.py); that agent consults
  (look-ups, Maprocuration fetches), is removed, asks a reset code and is listed by the escrow copy under the later
  id (`of_kin`: central/security.py, security_keys.py, reset_codes.py), as the counter keeps it in its store.
An earlier id inherits nothing of a later one's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, exists, insert, or_, select

from central.db import among, lock_keys
from central.schema import enrolment_tokens, station_heirs

# An id's earlier ids are fixed when it is enrolled (`link`, in the enrolment's transaction; `adopt`, before a store
# from an older version serves): read once per process, then every batch of the station reads them from here.
_ANCESTORS: dict[str, frozenset[str]] = {}
_CACHED_MAX = 20_000


def link(conn: Connection, *, code: str | None = None) -> int:
    """Record every (earlier id, later id) pair of the station codes' bulk enrolments not recorded yet (one code's,
    or all of them: a store from before lineage adopts its history). Returns how many pairs were added."""
    early, late = enrolment_tokens.alias("early"), enrolment_tokens.alias("late")
    pairs = (
        select(early.c.station_id, late.c.station_id, late.c.used_at)
        .distinct()
        .join(late, early.c.station_code == late.c.station_code)
        .where(
            early.c.station_id.is_not(None),
            late.c.station_id.is_not(None),
            early.c.station_id != late.c.station_id,
            # Enrolled earlier; two at the same instant are ordered by their ids (one pair, never both ways).
            or_(
                early.c.used_at < late.c.used_at,
                and_(early.c.used_at == late.c.used_at, early.c.station_id < late.c.station_id),
            ),
            ~exists().where(
                and_(station_heirs.c.station_id == early.c.station_id, station_heirs.c.heir_id == late.c.station_id)
            ),
        )
    )
    if code is not None:
        # Two tokens of one code redeemed at once: the second to lock reads the first's row once it is committed.
        lock_keys(conn, [f"code:{code}"])
        pairs = pairs.where(early.c.station_code == code)
    result = conn.execute(insert(station_heirs).from_select(["station_id", "heir_id", "since"], pairs))
    return int(result.rowcount or 0)


def ancestors(conn: Connection, station_id: str) -> frozenset[str]:
    """The earlier ids of this station's code (none for most stations)."""
    found = _ANCESTORS.get(station_id)
    if found is None:
        query = select(station_heirs.c.station_id).where(station_heirs.c.heir_id == station_id)
        found = frozenset(conn.execute(query).scalars())
        if len(_ANCESTORS) >= _CACHED_MAX:
            _ANCESTORS.clear()
        _ANCESTORS[station_id] = found
    return found


def kin(conn: Connection, station_id: str) -> frozenset[str]:
    """This station and its earlier ids: whose records, requests and agents it may carry on."""
    return ancestors(conn, station_id) | {station_id}


def of_kin(conn: Connection, column: ColumnElement[Any], station_id: str) -> ColumnElement[bool]:
    """`column` (a station id) is this station's or one of its earlier ids': the agents a station enrolled again
    keeps, with its store, from the ids it had before (look-ups, removals, reset codes, its escrow copy's list)."""
    ids = kin(conn, station_id)
    return column == station_id if len(ids) == 1 else column.in_(sorted(ids))


def heirs(conn: Connection, station_ids: Sequence[str]) -> dict[str, list[str]]:
    """The later ids of each of these stations, for those that have any, oldest enrolment first."""
    if not station_ids:
        return {}
    rows = conn.execute(
        select(station_heirs.c.station_id, station_heirs.c.heir_id)
        .where(among(conn, station_heirs.c.station_id, sorted(set(station_ids))))
        .order_by(station_heirs.c.since)
    )
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row.station_id, []).append(row.heir_id)
    return out


def with_heirs(
    conn: Connection, rows: Sequence[Mapping[str, Any]], *, heirless: str | None = None
) -> list[Mapping[str, Any]]:
    """These change-feed rows, each followed by a copy for every later id of its station: the counter enrolled again
    learns what became of the records it sent under an earlier id. `heirless`: a station known to have none (the
    pushing station's row says so, central/apply.py): rows of its alone are not looked up (one round trip a batch)."""
    if not rows or all(r["station_id"] == heirless for r in rows):
        return list(rows)
    later = heirs(conn, [str(r["station_id"]) for r in rows])
    if not later:
        return list(rows)
    out: list[Mapping[str, Any]] = []
    for row in rows:
        out.append(row)
        out.extend({**row, "station_id": heir} for heir in later.get(str(row["station_id"]), ()))
    return out
