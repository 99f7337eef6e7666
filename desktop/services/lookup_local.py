"""The counter's own look-up: hand-written SQL on the store's indexes, read in one snapshot, rows as plain values.

A look-up is what an agent does most while a citizen waits, over a store that holds up to a million procurations
(bench/search.py). The queries below go to the driver as written (no ORM, no statement built per call) and each one
names the index it relies on; tests/services/test_lookup_plans.py checks SQLite's plans keep using them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from desktop.i18n import N_, _, language
from desktop.models.db import Store
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.terms import Status
from desktop.rules.terms import shown_channel_label as channel_label
from desktop.rules.terms import shown_status_label as status_label
from desktop.rules.types import ListKind, Rounds, ScrutinValidity
from desktop.rules.validity import validity_end
from desktop.services.context import ServiceContext
from desktop.services.lookup_connection import lookup_connection
from desktop.services.lookup_types import HistoryItem, ProcurationRow, SearchQuery
from desktop.services.receipting import validity_label
from desktop.sync.central_words import central_reason
from desktop.sync.refused_revocation import RESTORED_NOTE

MAX_ELECTORS = 50
# A bare name prefix is a browse: the first people in alphabetical order, then the agent adds the birth date.
MAX_ELECTORS_PREFIX_ONLY = 25
MAX_ROWS = 200

# electors: ix_electors_nne; ix_electors_search (search_name, birth_date); ix_electors_birth_search (0007)
ELECTORS_BY_NNE = "SELECT id, list_kind FROM electors WHERE nne = ? LIMIT ?"
ELECTORS_BY_NNE_BORN = "SELECT id, list_kind FROM electors WHERE nne = ? AND birth_date = ? LIMIT ?"
ELECTORS_BY_PREFIX = (
    "SELECT id, list_kind FROM electors INDEXED BY ix_electors_search "
    "WHERE search_name >= ? AND search_name < ? ORDER BY search_name LIMIT ?"
)
ELECTORS_BY_PREFIX_BORN = (
    "SELECT id, list_kind FROM electors INDEXED BY ix_electors_birth_search "
    "WHERE birth_date = ? AND search_name >= ? AND search_name < ? ORDER BY search_name LIMIT ?"
)
_ROWS = (
    "SELECT p.id, p.receipt_number, p.validity_kind, p.election_id, p.rounds, p.valid_from, p.valid_until, "
    "p.channel, p.status, p.status_rule_id, p.confirmed_at, p.established_at, p.mandant_id, "
    "m.last_name, m.given_names, m.birth_date, d.last_name, d.given_names "
    "FROM procurations p JOIN electors m ON m.id = p.mandant_id JOIN electors d ON d.id = p.mandataire_id "
    "WHERE {where} ORDER BY p.established_at DESC LIMIT {limit}"
)
_HISTORY = (
    "SELECT procuration_id, at, status, rule_id, source, note FROM procuration_events "
    "WHERE procuration_id IN ({marks}) ORDER BY id"
)


def _marks(count: int) -> str:
    return ",".join("?" * count)


@lru_cache(maxsize=2 * MAX_ELECTORS)
def rows_sql_for_people(count: int) -> str:
    """Procurations given or received by `count` electors (ix_procurations_mandant_id, ..._mandataire_status).

    Kept per count: formatting it again was 5 µs of every look-up by person."""
    marks = _marks(count)
    return _ROWS.format(where=f"p.mandant_id IN ({marks}) OR p.mandataire_id IN ({marks})", limit=MAX_ROWS)


ROWS_BY_RECEIPT = _ROWS.format(where="p.receipt_number = ?", limit=MAX_ROWS)
ROWS_BY_REFERENCE = _ROWS.format(where="p.request_reference = ?", limit=MAX_ROWS)


_PENDING_LINKS = (
    "SELECT procuration_id, note FROM procuration_events "
    "WHERE procuration_id IN ({marks}) AND note LIKE 'resiliation:%'"
)
_UNCONFIRMED = "SELECT id FROM revocations WHERE id IN ({marks}) AND status != ?"


@contextmanager
def snapshot(store: Store) -> Iterator[Any]:
    """A pooled driver connection in one read transaction (BEGIN DEFERRED: no write lock, one snapshot), rolled back.

    The look-up's statements go to the driver as written: through SQLAlchemy's Session each one cost as much again
    as SQLite's own work on the index (bench/search.py)."""
    raw = store.engine.raw_connection()
    try:
        db = raw.driver_connection
        assert db is not None
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("ROLLBACK")
    finally:
        raw.close()


def driver_of(s: Session) -> Any:
    """The driver connection under a session's transaction (its snapshot)."""
    return s.connection().connection.driver_connection


def _fetch(db: Any, sql: str, params: Sequence[object]) -> list[Any]:
    return list(db.execute(sql, tuple(params)).fetchall())


_NOT_ALNUM_ASCII = re.compile(r"[^0-9A-Z]+")


def prefix_key(text: str) -> str:
    """`procurations.search_key` of what the agent typed; ASCII text (the common case) without Unicode tables."""
    if text.isascii():  # NFKD changes no ASCII character and none combines: upper-case letters and digits, spaced
        return " ".join(_NOT_ALNUM_ASCII.sub(" ", text.upper()).split())
    from desktop.services.procurations import search_key

    return search_key(text)


def electors(db: Any, query: SearchQuery, kind: str) -> list[tuple[str, str | None]]:
    """(id, list kind) of the local electors matching an NNE or a name prefix, with the birth date if given."""
    born = query.birth_date.isoformat() if query.birth_date is not None else None
    if kind == "nne":
        nne = query.text.strip().replace(" ", "")
        if born is None:
            return _fetch(db, ELECTORS_BY_NNE, (nne, MAX_ELECTORS))
        return _fetch(db, ELECTORS_BY_NNE_BORN, (nne, born, MAX_ELECTORS))
    prefix = prefix_key(query.text)
    if len(prefix) < 2:
        return []
    # A range on the indexed column instead of LIKE: SQLite's LIKE is case-insensitive and skips the index.
    lo, hi = prefix, prefix + "\U0010ffff"
    if born is None:
        return _fetch(db, ELECTORS_BY_PREFIX, (lo, hi, MAX_ELECTORS_PREFIX_ONLY))
    return _fetch(db, ELECTORS_BY_PREFIX_BORN, (born, lo, hi, MAX_ELECTORS))


def search_local(
    db: Any, ctx: ServiceContext, query: SearchQuery, kind: str
) -> tuple[list[ProcurationRow], tuple[ListKind, ...]]:
    """This counter's procurations matching the query, newest first, and the lists of the people it names.

    `db` is in one read transaction (`snapshot`): a look-up by person runs two statements."""
    if kind in ("nne", "nom"):
        people = electors(db, query, kind)
        if not people:
            return [], ()
        ids = [pid for pid, _kind in people]
        found = _fetch(db, rows_sql_for_people(len(ids)), ids + ids)
        return rows_of(db, ctx, found), _list_kinds(people)
    numbered = numbered_statement(query, kind)
    if numbered is None:
        return [], ()
    return rows_of(db, ctx, _fetch(db, *numbered)), ()


def numbered_statement(query: SearchQuery, kind: str) -> tuple[str, tuple[str]] | None:
    """The one statement of a look-up by receipt number or request reference (None for any other kind)."""
    if kind == "recepisse":
        return ROWS_BY_RECEIPT, (query.text.strip().upper().replace(" ", ""),)
    if kind == "reference":
        return ROWS_BY_REFERENCE, (query.text.strip().upper(),)
    return None


def search_store(store: Store, ctx: ServiceContext, query: SearchQuery, kind: str) -> tuple[
    list[ProcurationRow], tuple[ListKind, ...]
]:  # fmt: skip
    """`search_local` on the look-up's kept connection (lookup_connection.py), each look-up read from one snapshot.

    A look-up by receipt number or reference is one statement: in autocommit (the driver's mode here, see
    models/db.py) SQLite reads each statement from one snapshot, so it runs without BEGIN/ROLLBACK (two statements
    on the driver, a fifth of that look-up's cost over its SQL). Only when a row found is résiliée does the rows'
    pending résiliation need a second statement: then the look-up runs again whole in one read transaction, so both
    statements see the same snapshot. A look-up by person (electors, then their procurations) always does."""
    numbered = numbered_statement(query, kind)
    if numbered is None and kind not in ("nne", "nom"):
        return [], ()

    def look_up(db: Any) -> tuple[list[ProcurationRow], tuple[ListKind, ...]]:
        if numbered is not None:
            found = _fetch(db, *numbered)
            for row in found:
                if row[8] == Status.RESILIEE:
                    break
            else:  # nothing résilié: this one statement is the whole look-up
                return rows_of(db, ctx, found), ()
        db.execute("BEGIN")
        try:
            return search_local(db, ctx, query, kind)
        finally:
            db.execute("ROLLBACK")

    return lookup_connection(store).run(look_up)


_LIST_KINDS = {kind.value: kind for kind in ListKind}


def _list_kinds(people: list[tuple[str, str | None]]) -> tuple[ListKind, ...]:
    """R-NC-4 needs to know whether one of the people is on a New Caledonia list (an unknown value is skipped)."""
    out: list[ListKind] = []
    for _pid, value in people:
        kind = _LIST_KINDS.get(value or ListKind.COMMUNALE.value)
        if kind is not None and kind not in out:
            out.append(kind)
    return tuple(out)


def _when(value: Any) -> datetime | None:
    """A stored UTC timestamp (SQLAlchemy's SQLite text form) as an aware datetime."""
    if value is None:
        return None
    if type(value) is str:  # the stored form: the common case, first (parsed with its zone: no replace())
        try:
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:  # not SQLAlchemy's stored form (an offset already): parsed as below
            pass
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed.replace(tzinfo=UTC)


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class _Labels:
    """Labels that depend only on a stored code, built once per value for one calendar and language.

    A name prefix shows ~30 rows sharing a handful of validities and channels: building each label per row (gettext,
    the calendar's dates formatted) was most of the rows' Python cost. Two look-ups filling the same dict at once
    at worst build one label twice (a dict item is set atomically)."""

    MAX = 4096  # distinct validities are few (elections x rounds, plus date ranges): past this, start afresh

    def __init__(self, calendar: object, lang: str) -> None:
        self.calendar = calendar
        self.language = lang
        self.validity: dict[tuple[object, ...], str] = {}
        self.channel: dict[str, str] = {}
        self.end: dict[tuple[object, ...], date | None] = {}


_labels = _Labels(None, "")


def _labels_for(calendar: object) -> _Labels:
    """The label caches for this calendar and the current language (a fresh set when either changed)."""
    global _labels
    found, lang = _labels, language()
    if found.calendar is not calendar or found.language != lang or len(found.validity) > _Labels.MAX:
        found = _labels = _Labels(calendar, lang)
    return found


def last_day(calendar: ElectionCalendar, vkind: str, election: str | None, rounds: str | None, end: Any) -> date | None:
    """The last day a stored validity covers (§8: expired after it); None when the calendar does not know it."""
    if vkind == "DUREE":
        return _day(end)
    try:
        return validity_end(ScrutinValidity(election or "", Rounds(rounds or "")), calendar)
    except ValueError:
        return None


def rows_of(db: Any, ctx: ServiceContext, found: list[Any]) -> list[ProcurationRow]:
    """Plain rows from the columns `_ROWS` selects, without their history (`history_of`, for the row looked at)."""
    if not found:
        return []
    revoked = [r[0] for r in found if r[8] == Status.RESILIEE]
    pending = revocations_pending(db, revoked) if revoked else set()
    labels = _labels_for(ctx.calendar)
    validities, channels, ends, today = labels.validity, labels.channel, labels.end, ctx.today()
    out = []
    for pid, number, vkind, election, rounds, start, end, channel, status, rule_id, confirmed_at, at, mandant_id, \
            m_last, m_given, m_birth, d_last, d_given in found:  # fmt: skip
        key = (vkind, election, rounds, start, end)
        validity = validities.get(key)
        if validity is None:
            validity = validities[key] = validity_label(
                ctx.calendar, vkind, election, rounds, _day(start), _day(end), shown=True
            )
        if key not in ends:
            ends[key] = last_day(ctx.calendar, vkind, election, rounds, end)
        last = ends[key]
        shown_channel = channels.get(channel)
        if shown_channel is None:
            shown_channel = channels[channel] = channel_label(channel)
        established = _when(at)
        assert established is not None
        out.append(
            ProcurationRow(
                id=pid,
                source="local",
                receipt_number=number,
                mandant=f"{m_last.upper()} {m_given}",
                mandant_birth=_day(m_birth),
                mandataire=f"{d_last.upper()} {d_given}",
                validity=validity,
                channel=shown_channel,
                status=status,
                rule_id=rule_id,
                confirmed=confirmed_at is not None,
                established_at=established,
                mandant_id=mandant_id,
                revocation_pending=pid in pending,
                over=last is not None and last < today,
            )
        )
    return out


def history_of(db: Any, ids: Sequence[str]) -> dict[str, tuple[HistoryItem, ...]]:
    """The status history of these procurations, oldest change first (ix_procuration_events_procuration_id)."""
    if not ids:
        return {}
    history: dict[str, list[HistoryItem]] = {}
    for pid, at, status, rule_id, source, note in _fetch(db, _HISTORY.format(marks=_marks(len(ids))), ids):
        when = _when(at)
        assert when is not None
        history.setdefault(pid, []).append(
            HistoryItem(at=when, status=status, label=status_label(status), rule_id=rule_id, source=source,
                        note=note_label(note, rule_id, source))
        )  # fmt: skip
    return {pid: tuple(items) for pid, items in history.items()}


def revocations_pending(db: Any, revoked_ids: list[str]) -> set[str]:
    """Of these revoked procurations, those whose résiliation the central store has not confirmed yet."""
    if not revoked_ids:
        return set()
    links = _fetch(db, _PENDING_LINKS.format(marks=_marks(len(revoked_ids))), revoked_ids)
    by_revocation = {str(note).split(":", 1)[1]: pid for pid, note in links}
    if not by_revocation:
        return set()
    ids = list(by_revocation)
    unconfirmed = _fetch(db, _UNCONFIRMED.format(marks=_marks(len(ids))), [*ids, Status.VALIDEE.value])
    return {by_revocation[rid] for (rid,) in unconfirmed}


# The notes the station stores in French (procurations.establish, decision_text): said in the agent's language when
# shown, as the records already written keep them.
_STORED_NOTES = {"établie au guichet": N_("établie au guichet")}
_DECISION = re.compile(
    r"Décision du superviseur \((?P<rules>[^)]*)\) : (?P<verdict>acceptée|refusée) par (?P<name>.+?) "
    r"(?:le (?P<day>\d{2}/\d{2}/\d{4}) à (?P<time>\d{2}:\d{2}) )?\s*— motif : (?P<reason>.*)",
    re.DOTALL,
)
_VERDICTS = {"acceptée": N_("acceptée"), "refusée": N_("refusée")}


def note_label(note: str | None, rule_id: str | None = None, source: str | None = None) -> str | None:
    """A status change's note as the agent reads it: a note the station wrote, in the agent's language; the central
    store's reason under its rule id (desktop/sync/central_words.py)."""
    if not note:
        return note
    if note.startswith("resiliation:"):
        return _("résiliée au guichet")
    if note in _STORED_NOTES:
        return _(_STORED_NOTES[note])
    if note.startswith(RESTORED_NOTE):  # the procuration back in force, then the central store's reason
        said = central_reason(rule_id, note[len(RESTORED_NOTE) :].strip())
        return " ".join((_(RESTORED_NOTE), said)) if said else _(RESTORED_NOTE)
    decision = _DECISION.fullmatch(note)
    if decision is None:
        return central_reason(rule_id, note) if source == "central" else note  # else a free text: as written
    fields = decision.groupdict()
    fields["verdict"] = _(_VERDICTS[fields["verdict"]])
    if fields["day"] is None:
        return _("Décision du superviseur ({rules}) : {verdict} par {name} — motif : {reason}").format(**fields)
    return _("Décision du superviseur ({rules}) : {verdict} par {name} le {day} à {time} — motif : {reason}").format(
        **fields
    )
