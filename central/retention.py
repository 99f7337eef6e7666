"""Retention at the central store (R-DATA-2): the personal data of a procuration goes one year after the end of its
validity, a Maprocuration request never established two months after it was made.

What goes, and why some rows stay (pseudonymised, not deleted):

- a procuration past `retention_until(end of validity)`: its row stays, with its status, dates, election and
  station, but both person keys (« nne:… » is the NNE itself) become `PURGED` and its request reference is dropped;
  the body of every entry that carried it (names, birth dates, NNE) is replaced by `PURGED_BODY`. The row stays
  because the feed's changes, the reviews and the batch answers name its record id, and because a record id must
  keep answering its stored status rather than be taken again as a new one (`apply._drop_known_records`,
  `ownership.check`). With no person key left, it can take part in no decision: L73 and R-VALID-6 compare
  procurations of one person for one vote date, and a vote date more than a year past decides nothing;
- a résiliation (revocation) once a year has passed since its day and every procuration it ended is purged: its
  person key and its entry's body, as above; a résiliation refused at reception (R-PARTY-1, R-REVOKE-5/6) has only
  its entry, whose body goes a year after its day;
- a Maprocuration request never established (no procuration names its reference) from
  `unestablished_request_destroyed_on(request day)`: deleted (nothing refers to it).

The days are the desk's rule functions (`desktop.rules.data`, calendar years and months: 29 February + 1 year is
28 February, never 365 days), and a scrutin's end is the desk's `last_vote_in`. "Today" is the earliest date on
Earth (UTC−12) and a request's day the latest (UTC+14): nothing goes early in any time zone.

Safe while stations push: each chunk is one transaction that takes the person-key locks the apply path takes
(`db.lock_keys`, sorted) before it changes a row, and re-checks what it changes; a chunk PostgreSQL cancels to break
a deadlock runs again. A request is locked before it is deleted: a batch that judged it (share-locked,
central/request_checks.py) commits first, and one `import-requests` made anew meanwhile is judged again as it stands.
Idempotent: what is purged no longer matches. Each run writes one `retention_log` row and one log line, with counts
only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, false, insert, or_, select, update
from sqlalchemy.exc import DBAPIError

from central.db import among, bound_lock_waits, deadlock, lock_keys, lock_wait_ended
from central.retention_renewals import due_renewals, forget_review_notes, purge_renewals
from central.schema import entries, procurations, requests, retention_log, reviews, revocations, utc
from central.store_clock import Anchor, held_because, newest_record
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.data import retention_until, unestablished_request_destroyed_on
from desktop.services.retention import last_vote_in
from desktop.sync.kinds import KIND_RESILIATION

log = logging.getLogger("guichet.central.retention")
# The scheduled purge waits this long for a lock another session holds (an administrator's LOCK TABLE, a report, a
# transaction left open), then gives up until its next run: longer than the API's (central/db.LOCK_WAIT_SECONDS), as
# nobody waits for the purge, but never for ever while holding the locks it took (`start_schedule`).
LOCK_WAIT_SECONDS = 120.0
PURGED = "purge"  # the person key of a purged record: no person has it (keys are « nne:… » or « x:… »)
PURGED_BODY = '{"purge":true}'
CHUNK = 500
EVERY_HOURS = 24.0  # `serve` purges this often by default (`--purge-hours`, 0: never)
RETRIES = 3
EARLIEST = timedelta(hours=12)  # UTC−12: the last place a day ends
LATEST = timedelta(hours=14)  # UTC+14: the first place a day begins
# Nothing younger than this can be due: a year is 365 or 366 days (a prefilter, the rule functions decide).
_YEAR_AT_LEAST, _TWO_MONTHS_AT_LEAST = timedelta(days=365), timedelta(days=59)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """How many records one purge took the personal data of (counts only)."""

    procurations: int = 0
    revocations: int = 0
    entries: int = 0
    requests: int = 0
    renewals: int = 0

    def detail(self) -> str:
        """For the log: counts, no person, no record id."""
        return (
            f"procurations={self.procurations} resiliations={self.revocations} "
            f"entrees_refusees={self.entries} demandes={self.requests} renouvellements={self.renewals}"
        )

    def said(self) -> str:
        """For the administrator, in French."""
        return (
            f"Purge des données personnelles (R-DATA-2) : {self.procurations} procuration(s), "
            f"{self.revocations} résiliation(s), {self.entries} résiliation(s) refusée(s) à la réception, "
            f"{self.requests} demande(s) Maprocuration jamais établie(s), {self.renewals} renouvellement(s) "
            "(passeport, identifiants de vote par internet) terminé(s) depuis plus d'un an."
        )


def earliest_day(moment: datetime) -> date:
    """The earliest calendar date anywhere at `moment`: a record is past its day only once it is past everywhere."""
    return (moment.astimezone(UTC) - EARLIEST).date()


def purge(
    engine: Engine, *, calendar: ElectionCalendar, now: datetime | None = None, chunk: int = CHUNK
) -> PurgeReport:
    """Purge everything past its retention at `now`, chunk by chunk, and log the counts (R-DATA-2, R-DATA-4)."""
    moment = now or datetime.now(UTC)
    today = earliest_day(moment)
    end_of = last_vote_in(calendar)
    with engine.connect() as conn:
        due = _due_procurations(conn, calendar, end_of, today)
    procs = sum(_in_chunks(engine, due, chunk, _purge_procurations))
    with engine.connect() as conn:  # after the procurations: a résiliation waits for the ones it ended
        due_revs = _due_revocations(conn, today)
        due_entries = _due_refused(conn, today)
        due_requests = _due_requests(conn, today)
        ended_renewals = due_renewals(conn, today, PURGED_BODY)
    report = PurgeReport(
        procurations=procs,
        revocations=sum(_in_chunks(engine, due_revs, chunk, _purge_revocations)),
        entries=sum(_in_chunks(engine, due_entries, chunk, _purge_entries)),
        requests=sum(_in_chunks(engine, due_requests, chunk, partial(_purge_requests, today=today))),
        renewals=sum(
            _in_chunks(engine, ended_renewals, chunk, partial(purge_renewals, today=today, purged_body=PURGED_BODY))
        ),
    )
    with engine.begin() as conn:
        conn.execute(insert(retention_log).values(at=moment, **_counts(report)))
    log.info("retention purge: %s", report.detail())
    empty_wal(engine)
    return report


def checked_purge(
    engine: Engine, *, calendar: ElectionCalendar, anchor: Anchor | None = None, verified: bool = False
) -> PurgeReport | str:
    """`purge` at this store's clock, unless that clock runs far past everything the store recorded
    (central/store_clock.py): then nothing goes, and what is returned (and logged) is why, in French.

    `anchor`: `serve`'s reference taken at its start (a jump while serving does not vouch for itself); without it,
    the store's newest record now (`guichet-central purge`). `verified`: the administrator checked the time."""
    moment = datetime.now(UTC)
    if not verified:
        with engine.connect() as conn:
            reference = anchor.vouched(conn) if anchor is not None else newest_record(conn)
        if (held := held_because(moment, reference)) is not None:
            log.warning("%s", held)
            return held
    return purge(engine, calendar=calendar, now=moment)


def empty_wal(engine: Engine) -> None:
    """On SQLite, fold the WAL into the file and empty it: its old frames keep the pages as they were before the
    purge (secure_delete, central/db.py, zeroes what the purge frees in the pages it writes). PostgreSQL keeps old
    row versions in its files until their space is reused, VACUUM included: docs/SECURITY.md, Retention."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        busy = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    if busy is not None and busy[0]:
        log.warning("retention purge: the WAL could not be emptied (a reader kept it); the next purge retries")


REWRITTEN = ("entries", "procurations", "revocations", "requests", "reviews")  # the tables a purge changes


def compact(engine: Engine) -> str:
    """PostgreSQL keeps the row versions a purge replaced in its files (VACUUM only marks their space free, it does
    not clear it) until new rows happen to take that space: `VACUUM FULL` writes each table the purge changes anew.
    It locks each table while it rewrites it: for a maintenance window (`guichet-central purge --compact`). On
    SQLite, `secure_delete` and the emptied WAL already leave nothing (`empty_wal`). Returns what to print."""
    if engine.dialect.name == "sqlite":
        return "SQLite : rien à compacter (les pages libérées sont effacées à chaque purge)."
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in REWRITTEN:
            conn.exec_driver_sql(f"VACUUM FULL {table}")
    log.info("retention compact: %d tables rewritten", len(REWRITTEN))
    return f"Tables réécrites (VACUUM FULL) : {', '.join(REWRITTEN)}."


def _counts(report: PurgeReport) -> dict[str, int]:
    return {
        "procurations": report.procurations,
        "revocations": report.revocations,
        "entries": report.entries,
        "requests": report.requests,
        "renewals": report.renewals,
    }


Due = tuple[str, ...]  # (record id, person keys to lock…)


def _in_chunks(
    engine: Engine, due: Sequence[Due], size: int, step: Callable[[Connection, Sequence[Due]], int]
) -> list[int]:
    """Run `step` over `due`, one transaction per chunk; a chunk cancelled to break a deadlock runs again."""
    done: list[int] = []
    for start in range(0, len(due), size):
        part = due[start : start + size]
        for attempt in range(RETRIES + 1):
            try:
                with engine.begin() as conn:
                    lock_keys(conn, {k for row in part for k in row[1:]})  # as the apply path: sorted, first
                    done.append(step(conn, part))
                break
            except DBAPIError as exc:
                if attempt == RETRIES or not deadlock(exc):
                    raise
    return done


def _due_procurations(
    conn: Connection, calendar: ElectionCalendar, end_of: Callable[[str, str | None], date | None], today: date
) -> list[Due]:
    """The procurations not purged yet whose validity ended over a year ago (`retention_until`)."""
    bound = today - _YEAR_AT_LEAST
    old = [e.id for e in calendar.elections.values() if e.t1 < bound]
    c = procurations.c
    query = select(
        c.id, c.mandant_key, c.mandataire_key, c.validity_kind, c.election_id, c.rounds, c.valid_to, c.established_at
    ).where(
        c.mandant_key != PURGED,
        or_(
            and_(c.validity_kind == "DUREE", c.valid_to < bound),
            among(conn, c.election_id, old) if old else false(),
            and_(  # a scrutin the calendar does not know (refused, R-VALID-2): its day is its end
                c.validity_kind == "SCRUTIN",
                c.election_id.not_in(list(calendar.elections)),
                c.established_at < datetime.combine(bound, datetime.min.time(), UTC),
            ),
        ),
    )
    out: list[Due] = []
    for pid, mandant, mandataire, kind, election, rounds, valid_to, established in conn.execute(query):
        end = valid_to if kind == "DUREE" else end_of(election or "", rounds)
        if today > retention_until(end or utc(established).date()):
            out.append((pid, mandant, mandataire))
    return out


def _purge_procurations(conn: Connection, due: Sequence[Due]) -> int:
    ids = [row[0] for row in due]
    done = conn.execute(
        update(procurations)
        .where(among(conn, procurations.c.id, ids), procurations.c.mandant_key != PURGED)
        .values(mandant_key=PURGED, mandataire_key=PURGED, reference=None)
    ).rowcount
    _forget_entries(conn, ids)
    conn.execute(update(reviews).where(among(conn, reviews.c.procuration_id, ids)).values(mandataire_key=PURGED))
    forget_review_notes(conn, ids)
    return int(done)


def _forget_entries(conn: Connection, record_ids: Sequence[str]) -> None:
    """Every entry that carried these records (a record resent by its station has several) loses its body."""
    conn.execute(
        update(entries)
        .where(among(conn, entries.c.record_id, record_ids), entries.c.body != PURGED_BODY)
        .values(body=PURGED_BODY)
    )


def _live_ended(revocation: Any) -> Any:
    """A procuration this résiliation ended whose data is kept yet."""
    return (
        select(procurations.c.id)
        .where(procurations.c.revocation_id == revocation, procurations.c.mandant_key != PURGED)
        .exists()
    )


def _due_revocations(conn: Connection, today: date) -> list[Due]:
    """The résiliations not purged yet, a year past their day, whose every ended procuration is purged."""
    bound = datetime.combine(today - _YEAR_AT_LEAST, datetime.min.time(), UTC)
    c = revocations.c
    query = select(c.id, c.mandant_key, c.established_at).where(
        c.mandant_key != PURGED, c.established_at < bound, ~_live_ended(c.id)
    )
    return [(rid, key) for rid, key, at in conn.execute(query) if today > retention_until(utc(at).date())]


def _purge_revocations(conn: Connection, due: Sequence[Due]) -> int:
    ids = [row[0] for row in due]
    c = revocations.c
    done = conn.execute(
        update(revocations)
        .where(among(conn, c.id, ids), c.mandant_key != PURGED, ~_live_ended(c.id))
        .values(mandant_key=PURGED)
    ).rowcount
    _forget_entries(conn, ids)
    return int(done)


def _due_refused(conn: Connection, today: date) -> list[Due]:
    """Résiliation entries the store refused (no revocation was stored), a year past their day."""
    bound = datetime.combine(today - _YEAR_AT_LEAST, datetime.min.time(), UTC)
    c = entries.c
    stored = select(revocations.c.id).where(revocations.c.id == c.record_id).exists()
    query = select(c.record_id, c.established_at).where(
        c.kind == KIND_RESILIATION, c.body != PURGED_BODY, c.established_at < bound, ~stored
    )
    return [(rid,) for rid, at in conn.execute(query) if today > retention_until(utc(at).date())]


def _purge_entries(conn: Connection, due: Sequence[Due]) -> int:
    ids = sorted({row[0] for row in due})
    c = entries.c
    stored = select(revocations.c.id).where(revocations.c.id == c.record_id).exists()
    return int(
        conn.execute(
            update(entries)
            .where(among(conn, c.record_id, ids), c.kind == KIND_RESILIATION, c.body != PURGED_BODY, ~stored)
            .values(body=PURGED_BODY)
        ).rowcount
    )


def _established(reference: Any) -> Any:
    return select(procurations.c.id).where(procurations.c.reference == reference).exists()


def _due_requests(conn: Connection, today: date) -> list[Due]:
    """Maprocuration requests no procuration names, two months past the day they were made."""
    bound = datetime.combine(today - _TWO_MONTHS_AT_LEAST, datetime.min.time(), UTC)
    c = requests.c
    query = select(c.reference, c.requested_at).where(c.requested_at < bound, ~_established(c.reference))
    return [(ref,) for ref, at in conn.execute(query) if _request_due(at, today)]


def _request_due(requested_at: datetime, today: date) -> bool:
    return today >= unestablished_request_destroyed_on((utc(requested_at) + LATEST).date())


def _purge_requests(conn: Connection, due: Sequence[Due], *, today: date) -> int:
    refs = [row[0] for row in due]
    c = requests.c
    # A batch judging one of them holds it share-locked (central/request_checks.py): wait for its commit here, so the
    # delete below, a statement after, sees the procuration it established and keeps what it names. Each one is
    # judged again as it stands once locked: `import-requests` may have replaced it with a newer request meanwhile.
    locked = conn.execute(
        select(c.reference, c.requested_at)
        .where(among(conn, c.reference, refs))
        .order_by(c.reference)
        .with_for_update()
    )
    still = [ref for ref, at in locked if _request_due(at, today)]
    if not still:
        return 0
    return int(
        conn.execute(delete(requests).where(among(conn, c.reference, still), ~_established(c.reference))).rowcount
    )


def start_schedule(
    engine: Engine,
    calendar: ElectionCalendar,
    *,
    every: timedelta,
    first_delay: timedelta = timedelta(minutes=1),
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> Callable[[], None]:
    """Run `purge` in a daemon thread `first_delay` after the start, then every `every`; returns how to stop it.

    `engine` is the schedule's own: from now on its statements wait `lock_wait` seconds at most for a lock another
    session holds; a run that waited that long gives up (its chunk rolled back, its own locks released: what it
    purged before stays purged), says so in one French line and the next run tries again. No bound on a statement
    itself: a chunk over a large table may take long, and it blocks no station (each chunk is one short transaction
    on the person keys it purges). A failed run is logged (its kind only: a driver's message may quote data) and the
    next one comes at its time. The store's newest record is read here, before the caller serves: no run trusts a
    clock that jumped since."""
    stop = threading.Event()
    anchor = Anchor.taken(engine, or_now=True)
    bound_lock_waits(engine, lock_wait)

    def loop() -> None:
        wait = first_delay
        while not stop.wait(wait.total_seconds()):
            try:
                checked_purge(engine, calendar=calendar, anchor=anchor)
            except Exception as exc:  # a periodic task: the next run retries
                if lock_wait_ended(exc):
                    log.warning(
                        "purge de conservation abandonnée : une autre session retient un verrou depuis plus de %s s ; "
                        "nouvel essai à la prochaine exécution, dans %s h",
                        f"{lock_wait:g}",
                        f"{every.total_seconds() / 3600:g}",
                    )
                else:
                    log.error("retention purge failed (%s); next run in %s", type(exc).__name__, every)
            wait = every

    thread = threading.Thread(target=loop, name="guichet-central-retention", daemon=True)
    thread.start()

    def stopper() -> None:
        stop.set()
        thread.join(timeout=10)

    return stopper
