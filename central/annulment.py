"""Automatic annulment (R-ELIG-5): the register reports a death or a loss of civic rights, the store annuls.

Reports come from the register import (`guichet-central import-electors --changes FILE`) or the register endpoint
(`central/register_api.py`). Each report is kept in `annulments` (one row per person key) and takes effect at the
instant the store records it: the mandataire's procurations in force then become « annulée » (R-ELIG-5), their
slots are freed from that instant (the L73 order is re-decided for that mandataire), and the change feed carries the
new status to the station that established each one. A procuration recorded later that names the same mandataire is
annulled too when it was established before the report, and refused when established after it (`decide.redecide`).

Change file (UTF-8, `;`-separated, header `nne;evenement;date_evenement`): `evenement` is DECES or
PERTE_DROITS_CIVIQUES, `date_evenement` JJ/MM/AAAA (kept for the record; the effect runs from the report).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, bindparam, func, insert, select, update
from sqlalchemy.exc import DBAPIError

from central import decide, lineage
from central.db import among, append_changes, deadlock, lock_keys
from central.register import header_hint, numbered, read_utf8
from central.schema import annulments, procurations, utc
from desktop.rules.annulment import AnnulmentCause
from desktop.rules.terms import Status

if TYPE_CHECKING:  # apply.py calls mark_annulled: import its Rules for typing only
    from central.apply import Rules

CHANGES_HEADER = ["nne", "evenement", "date_evenement"]
_EVENTS = {"DECES": AnnulmentCause.DECES, "PERTE_DROITS_CIVIQUES": AnnulmentCause.PERTE_DROITS_CIVIQUES}
_NNE = re.compile(r"^[0-9]{8,9}$")
ONE_MICROSECOND = timedelta(microseconds=1)


class ChangeFileError(ValueError):
    """The change file is malformed (the message gives the line number, never the person)."""


@dataclass(frozen=True, slots=True)
class RegisterEvent:
    """One report of the register about an elector."""

    nne: str
    cause: AnnulmentCause
    event_date: date | None = None

    @property
    def person_key(self) -> str:
        """The store's key of a registered person (as `central.apply.person_key` builds it)."""
        return f"nne:{self.nne}"


@dataclass(frozen=True, slots=True)
class AnnulmentReport:
    """What one report run did: events newly recorded, procurations annulled (counts only, no personal data)."""

    events: int
    annulled: int


def parse_changes(text: str) -> list[RegisterEvent]:
    """Parse and validate a change file (the whole file: one bad line refuses it, naming the line and the field)."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ChangeFileError(f"ligne {line} : caractère nul interdit")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    try:
        return _changes(reader)
    except csv.Error:  # a field over csv.field_size_limit(), as an unclosed quote makes
        raise ChangeFileError(
            f"ligne {reader.line_num} : ligne CSV illisible (guillemet jamais refermé, champ trop long)"
        ) from None


def _changes(reader: Any) -> list[RegisterEvent]:
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != CHANGES_HEADER:
        raise ChangeFileError(
            f"ligne 1 : en-tête du fichier des changements inattendu ({header_hint(header, CHANGES_HEADER)})"
        )
    out: list[RegisterEvent] = []
    for number, cells in numbered(reader):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(CHANGES_HEADER):
            raise ChangeFileError(
                f"ligne {number} : {len(cells)} champ(s) au lieu de {len(CHANGES_HEADER)} (séparateur attendu : "
                "point-virgule)"
            )
        nne, event, when = (c.strip() for c in cells)
        if not _NNE.match(nne):
            raise ChangeFileError(f"ligne {number} : champ nne : NNE invalide (8 ou 9 chiffres)")
        if event.upper() not in _EVENTS:
            raise ChangeFileError(
                f"ligne {number} : champ evenement : événement inconnu (DECES ou PERTE_DROITS_CIVIQUES)"
            )
        try:
            day = datetime.strptime(when, "%d/%m/%Y").date() if when else None
        except ValueError:
            raise ChangeFileError(f"ligne {number} : champ date_evenement : date invalide (JJ/MM/AAAA)") from None
        out.append(RegisterEvent(nne, _EVENTS[event.upper()], day))
    return out


def import_changes(
    engine: Engine, path: Path, *, rules: Rules, now: datetime, source: str = "registre"
) -> AnnulmentReport:
    """Load a change file and annul what it implies."""
    return record_events(engine, parse_changes(read_utf8(path, ChangeFileError)), rules=rules, now=now, source=source)


def record_events(
    engine: Engine, events: Sequence[RegisterEvent], *, rules: Rules, now: datetime, source: str
) -> AnnulmentReport:
    """Record the reports and annul the mandataires' procurations in force, in one transaction.

    Run again when PostgreSQL broke a deadlock by cancelling it (as a batch is, `apply.apply_batch`): the report
    reaches persons past the ones it locks first (`decide.load_around`); nothing of the cancelled run was written.
    """
    for attempt in range(DEADLOCK_RETRIES + 1):
        try:
            return _record_events(engine, events, rules=rules, now=now, source=source)
        except DBAPIError as exc:
            if attempt == DEADLOCK_RETRIES or not deadlock(exc):
                raise
    raise AssertionError("unreachable")


DEADLOCK_RETRIES = 3


def _record_events(
    engine: Engine, events: Sequence[RegisterEvent], *, rules: Rules, now: datetime, source: str
) -> AnnulmentReport:
    with engine.begin() as conn:
        keys = sorted({e.person_key for e in events})
        # A report changes the statuses of the reported mandataires' procurations, so it holds their mandants' locks
        # too, as whoever changes a status does (decide.load_around): a batch of one of those mandants waits for the
        # report, or the report for the batch, and what either established after the report's instant is re-decided
        # with the annulment (R-ELIG-5 with R-VALID-6), never judged against a procuration annulled meanwhile.
        mandants = decide.mandants_of(conn, keys)
        lock_keys(conn, [*keys, *mandants])
        known = set(conn.execute(select(annulments.c.person_key).where(annulments.c.person_key.in_(keys))).scalars())
        fresh = {e.person_key: e for e in events if e.person_key not in known}  # a repeated report changes nothing
        now = _after_stored(conn, sorted(fresh), now)
        if fresh:
            conn.execute(
                insert(annulments),
                [
                    {
                        "person_key": key,
                        "cause": e.cause.value,
                        "event_date": e.event_date,
                        "recorded_at": now,
                        "source": source,
                    }
                    for key, e in sorted(fresh.items())
                ],
            )
        # Under the mandataires' locks no procuration to them can appear: these are all their mandants.
        reached = sorted({*fresh, *decide.mandants_of(conn, sorted(fresh))})
        late = set(reached) - set(keys) - set(mandants)
        if late:  # a batch gave one of them a procuration between the look-up and the lock
            lock_keys(conn, late)
        # The decisions of what was established before the report stand, their statuses follow it.
        procs = list(decide.load_around(conn, reached, now).values())
        mark_annulled(conn, procs)
        decide.redecide(procs, rules.calendar, rules.policy)
        changed = [p for p in procs if p.changed()]
        _write(conn, changed, now)
        return AnnulmentReport(events=len(fresh), annulled=sum(1 for p in changed if p.status == Status.ANNULEE))


def _after_stored(conn: Connection, reported: list[str], now: datetime) -> datetime:
    """The report's instant: `now`, or just after the newest procuration the store already holds to a reported
    person when that is later. The store stamped that one with its clock before this report came: a clock behind it
    (a node's clock gone back, or behind another's) would find it established after the report and refuse it
    (« jamais en vigueur ») instead of annulling it (R-ELIG-5; central clock audit, 7 December 2026)."""
    if not reported:
        return now
    newest = conn.execute(
        select(func.max(procurations.c.established_at)).where(among(conn, procurations.c.mandataire_key, reported))
    ).scalar()
    return now if newest is None else max(now, utc(newest) + ONE_MICROSECOND)


def mark_annulled(conn: Connection, procs: Iterable[decide.Proc]) -> None:
    """Set `annulled_at` on every procuration whose mandataire the register reported (the apply path calls it)."""
    procs = list(procs)
    keys = sorted({p.mandataire_key for p in procs})
    if not keys:
        return
    found: dict[str, tuple[datetime, str]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = conn.execute(
            select(annulments.c.person_key, annulments.c.recorded_at, annulments.c.cause).where(
                among(conn, annulments.c.person_key, chunk)
            )
        )
        found.update({r.person_key: (utc(r.recorded_at), r.cause) for r in rows})
    for p in procs:
        if p.mandataire_key in found:
            p.annulled_at, p.annul_cause = found[p.mandataire_key]


def _write(conn: Connection, changed: list[decide.Proc], now: datetime) -> None:
    """Write the new statuses back and append them to the change feed (last, under the sequencer)."""
    if not changed:
        return
    conn.execute(
        update(procurations)
        .where(procurations.c.id == bindparam("pid"))
        .values(status=bindparam("new_status"), rule_id=bindparam("new_rule"), message=bindparam("new_message")),
        [{"pid": p.id, "new_status": p.status, "new_rule": p.rule_id, "new_message": p.message} for p in changed],
    )
    append_changes(conn, lineage.with_heirs(conn, [p.feed_row() for p in changed if p.status_changed()]), at=now)
