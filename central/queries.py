"""Read side of the central store: change feed, look-ups (need-to-know) and Maprocuration requests."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Select, case, delete, func, insert, or_, select

from central.contacts import contact_then_rows, record_contact
from central.db import is_postgres
from central.register import resolve_typed
from central.schema import changes, electors, entries, procurations, requests, stations, utc
from central.throttle import settle
from desktop.givenfile import MB, read_given
from desktop.rules.terms import IN_FORCE, Role
from desktop.rules.textlimits import shown_text
from desktop.sync.standing import FEED_HIGH_HEADER, LAST_SEQ_HEADER
from desktop.sync.wire import (
    Change,
    ChangesPage,
    Identity,
    LookupItem,
    OnlineRequest,
    ProcurationEtablie,
    WireError,
    canonical_json,
    loads,
)
from desktop.sync.wire.answers import MAX_LOOKUP

log = logging.getLogger("guichet.central.queries")
# Maprocuration requests read in memory as JSON (some 30 times their size): a million requests of 500 bytes; what is
# larger is not an export of requests, refused unread.
REQUESTS_MAX_BYTES = 512 * MB
ROLES_ALLOWED = frozenset({Role.AGENT_POLICE, Role.AGENT_CONSULAIRE, Role.SUPERVISEUR})  # R-DATA-3


@dataclass(frozen=True, slots=True)
class Standing:
    """What the store holds of a station: its last seq, the highest cursor of its feed (0: none).

    Sent with every feed and push answer (desktop/sync/standing.py): a station whose store was restored from a
    backup, or failed over to a replica that lagged, learns from it what was lost, even when it has nothing to push.
    """

    last_seq: int
    feed_high: int

    def headers(self) -> dict[str, str]:
        return {LAST_SEQ_HEADER: str(self.last_seq), FEED_HIGH_HEADER: str(self.feed_high)}


def changes_since(engine: Engine, *, station_id: str, since: int, limit: int, now: datetime) -> ChangesPage:
    """The station's changes after `since`, in cursor order (cursor order is commit order, see db.next_cursors)."""
    return feed_page(engine, station_id=station_id, since=since, limit=limit, now=now)[0]


def feed_page(
    engine: Engine, *, station_id: str, since: int, limit: int, now: datetime
) -> tuple[ChangesPage, Standing | None]:
    """`changes_since`, and the station's standing read in the same statement (None: no such station)."""
    with engine.begin() as conn:
        # The page's server_time may become a last_sync claim, and the station asks only with an empty outbox.
        if is_postgres(conn):  # every station, every 30 s: the contact, the page and the standing in one round trip
            params = {"station_id": station_id, "since": since, "limit": limit + 1}
            got = contact_then_rows(conn, station_id=station_id, at=now, then=(_PG_FEED, params))
            rows = [r[: len(_PAGE_COLUMNS)] for r in got if r[0] is not None]
            last_seq, high = got[0][len(_PAGE_COLUMNS) :] if got else (None, 0)
        else:
            record_contact(conn, station_id=station_id, at=now, pulled=True)
            rows = [tuple(r) for r in conn.execute(page_query(station_id, since, limit + 1))]
            last_seq, high = conn.execute(standing_query(station_id)).first() or (None, 0)
    more = len(rows) > limit
    rows = rows[:limit]
    items = tuple(
        Change(
            cursor=int(cursor),
            entry_id=entry_id,
            record_id=record_id,
            status=status,
            rule_id=rule_id,
            message=message,
            at=utc(at),
            flags=tuple(f for f in (flags or "").split(",") if f),
        )
        for cursor, entry_id, record_id, status, rule_id, message, at, flags in rows
    )
    next_cursor = items[-1].cursor if items else since
    standing = None if last_seq is None else Standing(last_seq=int(last_seq), feed_high=int(high or 0))
    return ChangesPage(changes=items, next_cursor=next_cursor, more=more, server_time=now), standing


def standing(engine: Engine, *, station_id: str) -> Standing | None:
    """The station's standing alone (a push answer's headers, read once the batch is committed)."""
    with engine.connect() as conn:
        found = conn.execute(standing_query(station_id)).first()
    return None if found is None else Standing(last_seq=int(found[0]), feed_high=int(found[1] or 0))


def standing_query(station_id: str) -> Select[Any]:
    """The station's last seq and its feed's highest cursor (the feed index, read backwards: one row)."""
    high = select(func.max(changes.c.cursor)).where(changes.c.station_id == station_id).scalar_subquery()
    return select(stations.c.last_seq, high).where(stations.c.id == station_id)


_PAGE_COLUMNS = ("cursor", "entry_id", "record_id", "status", "rule_id", "message", "at", "flags")
_PG_PAGE = (
    f"SELECT {', '.join(_PAGE_COLUMNS)} FROM changes WHERE station_id = %(station_id)s AND cursor > %(since)s "
    "ORDER BY cursor LIMIT %(limit)s"
)
# The page, each row followed by the station's standing; one row of NULLs and the standing when the page is empty.
_PG_FEED = (
    f"SELECT {', '.join(f'p.{c}' for c in _PAGE_COLUMNS)}, "
    "(SELECT last_seq FROM stations WHERE id = %(station_id)s), "
    "(SELECT MAX(cursor) FROM changes WHERE station_id = %(station_id)s) "
    f"FROM (SELECT 1) AS one LEFT JOIN LATERAL ({_PG_PAGE}) AS p ON true ORDER BY p.cursor"
)


def page_query(station_id: str, since: int, limit: int) -> Select[Any]:
    """A feed page as a construct (SQLite; on PostgreSQL, what `_PG_PAGE` is tested against)."""
    return (
        select(*(changes.c[name] for name in _PAGE_COLUMNS))
        .where(changes.c.station_id == station_id, changes.c.cursor > since)
        .order_by(changes.c.cursor)
        .limit(limit)
    )


def lookup(engine: Engine, *, log_id: int, role: str, person: Identity) -> tuple[LookupItem, ...]:
    """Procurations where this person (the one at the counter) is mandant or mandataire; logged without data.

    `log_id` is the call's access-log line (`throttle.reserve`): the same transaction says what it found.
    At most MAX_LOOKUP items (the wire's bound: any station can push procurations naming anyone, so the count is
    not ours to trust): the ones in force first, then the most recent; answered in the usual order (established_at,
    then id), so an answer under the bound is the same as before. The wire has no "more" field (unknown fields are
    refused by older stations): a cut answer is logged, without personal data."""
    with engine.begin() as conn:
        if person.nne:
            # NNE and birth date presented at the counter are enough; the name may be a usage name.
            hit = conn.execute(
                select(electors.c.nne).where(
                    electors.c.nne == person.nne, electors.c.date_naissance == person.date_naissance
                )
            )
            nne = hit.scalar()
        else:
            found = resolve_typed(conn, person)
            nne = found.nne if found is not None else None
        items: list[LookupItem] = []
        if nne is not None:
            key = f"nne:{nne}"
            rows = conn.execute(
                select(
                    procurations.c.id,
                    procurations.c.mandant_key,
                    procurations.c.status,
                    procurations.c.established_at,
                    procurations.c.established_in,
                    entries.c.body,
                )
                .join(entries, entries.c.id == procurations.c.entry_id)
                .where(or_(procurations.c.mandant_key == key, procurations.c.mandataire_key == key))
                .order_by(
                    case((procurations.c.status.in_(IN_FORCE), 0), else_=1),
                    procurations.c.established_at.desc(),
                    procurations.c.id.desc(),
                )
                .limit(MAX_LOOKUP + 1)
            ).all()
            if len(rows) > MAX_LOOKUP:
                log.warning("lookup cut to the %d most useful procurations (role %s)", MAX_LOOKUP, role)
            for r in sorted(rows[:MAX_LOOKUP], key=lambda r: (r.established_at, r.id)):
                body = ProcurationEtablie.from_dict(loads(r.body), "body")
                as_mandant = r.mandant_key == key
                other = body.mandataire if as_mandant else body.mandant
                items.append(
                    LookupItem(
                        record_id=r.id,
                        role="mandant" if as_mandant else "mandataire",
                        status=r.status,
                        established_at=utc(r.established_at),
                        established_in=r.established_in,
                        validity=body.validity,
                        # As typed by the station that pushed it, without what the counters refuse (a bidi override
                        # would show the name reversed on the counter's screen; R-SAISIE-1).
                        other_party=shown_text(f"{other.nom} {' '.join(other.prenoms)}")[:300],
                    )
                )
        settle(conn, log_id, action=f"lookup:{role}", results=len(items))
    return tuple(items)


def import_requests(conn: Connection, path: Path) -> int:
    """Load Maprocuration requests from a JSON file `[{reference, requested_at, mandant, mandataire, validity}]`."""
    return import_requests_data(conn, read_given(path, limit=REQUESTS_MAX_BYTES))


def import_requests_data(conn: Connection, data: bytes) -> int:
    """Load Maprocuration requests from a JSON document (`import_requests`'s)."""
    try:
        raw = loads(data)
    except WireError as exc:
        raise WireError(f"{_json_where(data)}{exc}") from None
    if not isinstance(raw, list):
        raise WireError("requests : liste attendue")
    parsed = [OnlineRequest.from_dict(item, f"requests[{i}]") for i, item in enumerate(raw)]
    refs = [r.reference for r in parsed]
    seen: dict[str, int] = {}
    for index, ref in enumerate(refs):
        if ref in seen:
            raise WireError(f"requests[{index}].reference : référence en double (déjà requests[{seen[ref]}])")
        seen[ref] = index
    if refs:
        conn.execute(delete(requests).where(requests.c.reference.in_(refs)))
        conn.execute(
            insert(requests),
            [
                {"reference": r.reference, "body": canonical_json(r.to_dict()), "requested_at": r.requested_at}
                for r in parsed
            ],
        )
    return len(parsed)


def _json_where(data: bytes) -> str:
    """Where a refused JSON file goes wrong, as « ligne L, colonne C : » (empty when the parser cannot say)."""
    import json

    try:
        json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return f"ligne {line} : octets qui ne sont pas de l'UTF-8 : "
    except json.JSONDecodeError as exc:
        return f"ligne {exc.lineno}, colonne {exc.colno} : "
    except ValueError:  # a number past Python's 4,300 digits (sys.get_int_max_str_digits): say where it starts
        found = re.search(rb"\d{4301,}", data)
        if found is None:
            return ""
        line = data.count(b"\n", 0, found.start()) + 1
        column = found.start() - (data.rfind(b"\n", 0, found.start()) + 1) + 1
        return f"ligne {line}, colonne {column} : nombre de plus de 4300 chiffres : "
    except RecursionError:
        return ""
    # Python reads NaN and Infinity, which the wire refuses (`loads`): say where the first one stands.
    for found in _CONSTANT_OR_STRING.finditer(data):
        if found.group(1):
            line = data.count(b"\n", 0, found.start()) + 1
            column = found.start() - (data.rfind(b"\n", 0, found.start()) + 1) + 1
            return f"ligne {line}, colonne {column} : "
    return ""


# A JSON string (skipped: « NaN » inside one is text) or a bare constant JSON does not have.
_CONSTANT_OR_STRING = re.compile(rb'"(?:\\.|[^"\\])*"|(-?Infinity|NaN)')


def utcnow() -> datetime:
    """Server wall clock, UTC."""
    return datetime.now(UTC)
