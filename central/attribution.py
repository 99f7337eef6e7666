"""Agents are attributed to stations: the agent ledger (central audit of 4 December 2026).

An agent id, once enrolled for a station (or named in the roster of its escrow copy), is that station's for good:
a removed agent's record goes from `security_agents` when its login is enrolled again, its line here stays. Another
station enrolling the same id is refused (409). An entry a station pushes in the name of another station's agent
(`agent_autre_poste`) or of an agent no station ever enrolled (`agent_inconnu`) is applied all the same (nothing
acknowledged is lost: a station offline when it made the agent still pushes its acts) but flagged, and a review is
opened on the procurations it decided (central/review.py).

A store upgraded to the ledger adopts its history once, when the table is created (`create_ledger`): the agents
enrolled then are their station's, and an id only seen in pushed entries is the first station's that pushed it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import Column, Connection, DateTime, MetaData, String, Table, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite

from central import decide, lineage
from central.db import among, is_postgres, widen_columns
from central.security_tables import SecurityError
from desktop.rules.textlimits import ID_MAX
from desktop.sync.wire import Entry

log = logging.getLogger("guichet.central.attribution")
metadata = MetaData()

ledger = Table(
    "security_agent_ledger",
    metadata,
    Column("agent_id", String(ID_MAX), primary_key=True),  # as long as the wire lets an agent id be
    Column("station_id", String(36), nullable=False),
    Column("source", String(16), nullable=False),  # enrolement | copie | historique (adopted at the upgrade)
    Column("claimed_at", DateTime(timezone=True), nullable=False),
)

FLAG_OTHER_STATION = "agent_autre_poste"  # the entry names an agent of another station
FLAG_UNKNOWN = "agent_inconnu"  # the entry names an agent no station enrolled
AGENT_FLAGS = frozenset({FLAG_OTHER_STATION, FLAG_UNKNOWN})
OTHER_STATION = (
    "Cet identifiant d'agent appartient à un autre poste : il ne peut pas être enrôlé pour celui-ci. Créez le compte "
    "de nouveau depuis ce poste (un nouvel identifiant lui sera donné)."
)
NO_AGENT = frozenset({"inconnu"})  # what a desk sends for an act without an agent (services/procuration_body.py)
_SCHEMA_LOCK = 7301  # central/db.create_schema's: the ledger is made (and the history adopted) once


def create_ledger(conn: Connection, *, now: datetime | None = None) -> None:
    """Create the ledger if missing; a store that had none adopts its history (`adopt_history`) in the same
    transaction."""
    if is_postgres(conn):
        conn.execute(text(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})"))  # re-entrant inside create_schema
    if inspect(conn).has_table(ledger.name):
        widen_columns(conn, [ledger])
        return
    metadata.create_all(conn)
    adopt_history(conn, now=now or datetime.now(UTC))


def adopt_history(conn: Connection, *, now: datetime) -> int:
    """The ledger of a store that had none: the agents enrolled are their station's; an id only seen in pushed
    entries goes to the station that pushed it first (by reception, then seq). Returns how many ids were adopted."""
    names = set(inspect(conn).get_table_names())
    adopted = 0
    if "security_agents" in names:
        rows = conn.execute(text("SELECT id, station_id FROM security_agents"))
        adopted += _adopt(conn, [(r.id, r.station_id) for r in rows], "enrolement", now)
    if "entries" in names:
        if is_postgres(conn):
            query = (
                "SELECT DISTINCT ON (agent) agent, station_id FROM (SELECT body::json->>'agent_id' AS agent, "
                "station_id, received_at, seq FROM entries) AS t WHERE agent IS NOT NULL "
                "ORDER BY agent, received_at, seq"
            )
        else:
            query = (
                "SELECT agent, station_id FROM (SELECT json_extract(body, '$.agent_id') AS agent, station_id, "
                "ROW_NUMBER() OVER (PARTITION BY json_extract(body, '$.agent_id') ORDER BY received_at, seq) AS n "
                "FROM entries) WHERE agent IS NOT NULL AND n = 1"
            )
        firsts = [(str(r.agent), str(r.station_id)) for r in conn.execute(text(query))]
        adopted += _adopt(conn, firsts, "historique", now)
        shared = _seen_at_several(conn)
        if shared:
            log.warning("agent ledger adopted: %d agent id(s) pushed by several stations before it", shared)
    return adopted


def _seen_at_several(conn: Connection) -> int:
    """How many agent ids the pushed history shows at more than one station (the later ones are flagged from now)."""
    extract = "body::json->>'agent_id'" if is_postgres(conn) else "json_extract(body, '$.agent_id')"
    query = (
        f"SELECT COUNT(*) FROM (SELECT {extract} AS agent FROM entries GROUP BY {extract} "
        "HAVING COUNT(DISTINCT station_id) > 1) AS t WHERE agent IS NOT NULL"
    )
    return int(conn.execute(text(query)).scalar_one())


def _adopt(conn: Connection, pairs: Sequence[tuple[str, str]], source: str, now: datetime) -> int:
    """Each (agent id, station id) not in the ledger yet, the first pair of an id winning."""
    known = set(conn.execute(select(ledger.c.agent_id)).scalars())
    rows: dict[str, str] = {}
    for agent_id, station_id in pairs:
        if agent_id and agent_id not in known and agent_id not in NO_AGENT and len(agent_id) <= ID_MAX:
            rows.setdefault(agent_id, station_id)
    for agent_id, station_id in rows.items():
        _insert_missing(conn, agent_id=agent_id, station_id=station_id, source=source, now=now)
    return len(rows)


def _insert_missing(conn: Connection, *, agent_id: str, station_id: str, source: str, now: datetime) -> None:
    """Insert the line unless the id has one already (two stations racing: one of them wins, the other reads it)."""
    dialect_insert = postgresql.insert if is_postgres(conn) else sqlite.insert
    values = {"agent_id": agent_id, "station_id": station_id, "source": source, "claimed_at": now}
    conn.execute(dialect_insert(ledger).values(**values).on_conflict_do_nothing(index_elements=[ledger.c.agent_id]))


def owners(conn: Connection, agent_ids: Collection[str]) -> dict[str, str]:
    """The station each of these agent ids belongs to, for those in the ledger."""
    if not agent_ids:
        return {}
    rows = conn.execute(select(ledger.c.agent_id, ledger.c.station_id).where(among(conn, ledger.c.agent_id, agent_ids)))
    return {r.agent_id: r.station_id for r in rows}


def claim(conn: Connection, *, station_id: str, agent_id: str, now: datetime, source: str = "enrolement") -> None:
    """Attribute `agent_id` to this station, inside the caller's transaction; 409 when it is another station's."""
    _insert_missing(conn, agent_id=agent_id, station_id=station_id, source=source, now=now)
    if owners(conn, [agent_id]).get(agent_id) != station_id:
        log.warning("station %s: enrolment of an agent id attributed to another station refused", station_id)
        raise SecurityError(409, OTHER_STATION)


def claim_roster(conn: Connection, *, station_id: str, roster: Collection[str], now: datetime) -> int:
    """The agents an escrow copy names (proved with the station's key) are the station's unless another has them;
    returns how many are another station's (left to it)."""
    for agent_id in sorted(set(roster) - set(owners(conn, roster))):
        _insert_missing(conn, agent_id=agent_id, station_id=station_id, source="copie", now=now)
    foreign = sum(1 for owner in owners(conn, roster).values() if owner != station_id)
    if foreign:
        log.warning("station %s: escrow copy names %d agent id(s) of another station", station_id, foreign)
    return foreign


def entry_flags(conn: Connection, *, station_id: str, entries: Iterable[Entry]) -> dict[str, str]:
    """The attribution flag of each entry whose agent is not one of this station's (by entry id)."""
    named = {e.id: e.body.agent_id for e in entries}
    owner = owners(conn, set(named.values()))
    flags = {}
    for entry_id, agent_id in named.items():
        if agent_id not in owner:
            flags[entry_id] = FLAG_UNKNOWN
        elif owner[agent_id] != station_id and owner[agent_id] not in lineage.ancestors(conn, station_id):
            flags[entry_id] = FLAG_OTHER_STATION
    if flags:
        log.warning("station %s: %d entr(y/ies) in the name of an agent not its own", station_id, len(flags))
    return flags


def reviews(
    flags: Mapping[str, str], procs: Iterable[decide.Proc], revs: Iterable[decide.Rev]
) -> dict[str, tuple[str, ...]]:
    """What a flagged agent decided, for the review queue (`review.open_reviews`): each procuration a flagged entry
    established, and each one a flagged revocation revoked, with the flagged record ids."""
    if not flags:
        return {}
    revoking = {r.id for r in revs if r.entry_id in flags}
    out: dict[str, tuple[str, ...]] = {}
    for p in procs:
        deciding = ({p.id} if p.is_new and p.entry_id in flags else set()) | (
            {p.revocation_id} if p.revocation_id in revoking else set()
        )
        if deciding:
            out[p.id] = tuple(sorted(d for d in deciding if d is not None))
    return out


def merged(first: Mapping[str, tuple[str, ...]], second: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Two review maps as one (a procuration in both is decided by the records of both)."""
    out = dict(first)
    for pid, deciding in second.items():
        out[pid] = tuple(sorted(set(out.get(pid, ())) | set(deciding)))
    return out
