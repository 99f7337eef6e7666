"""Re-decision of procurations over the national set, through the rules engine (desktop.rules.limits)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, or_, select

from central.db import among, lock_keys
from central.register import Registered
from central.schema import procurations, revocations, utc
from desktop.rules.annulment import AnnulmentCause, annulled_message, refused_message
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.facts import Elector
from desktop.rules.limits import LimitsPolicy, decide_limits, limit_violation
from desktop.rules.parties import check_eu_eligibility
from desktop.rules.terms import Status
from desktop.rules.types import (
    DurationValidity,
    EstablishedIn,
    ListKind,
    ProcurationFacts,
    Rounds,
    ScrutinValidity,
    Validity,
)
from desktop.rules.validity import check_validity, validity_over

LATEST_OFFSET = timedelta(hours=14)  # UTC+14: the latest local date an instant bears anywhere
EARLIEST_OFFSET = timedelta(hours=12)  # UTC−12: the earliest
# The outcomes `redecide` gives and may take back; any other refusal (the register, the calendar) is final.
DECIDED_RULES = frozenset({"R-LIMIT-1", "R-LIMIT-2", "R-LIMIT-3", "R-VALID-6"})

MSG_MANDANT_UNKNOWN = (
    "Le mandant n'a pas été retrouvé sur les listes électorales (nom, prénom, date de naissance ou numéro "
    "national d'électeur différents) (R-PARTY-1). Vérifiez son identité avec lui et établissez une nouvelle "
    "procuration."
)
MSG_MANDATAIRE_UNKNOWN = (
    "Le mandataire n'a pas été retrouvé sur les listes électorales (R-PARTY-2). Contactez le mandant : il doit "
    "vérifier l'identité du mandataire ou en désigner un autre, puis faire établir une nouvelle procuration."
)
MSG_SAME_PERSON = (
    "Le mandant et le mandataire sont la même personne selon le répertoire électoral (R-PARTY-4). Le mandant doit "
    "désigner un autre mandataire."
)
MSG_UNKNOWN_ELECTION = (
    "Le scrutin indiqué n'existe pas dans le calendrier électoral (R-VALID-2). Vérifiez le scrutin choisi et "
    "établissez une nouvelle procuration."
)
MSG_PAST = (
    "{message} ({rule} : selon l'heure que le répertoire central retient pour cet acte, il a été établi au plus tôt "
    "le {day} ; l'horloge du poste était peut-être déréglée.)"
)
MSG_RESILIEE = "Procuration résiliée par le mandant (R-REVOKE-2) : elle ne peut plus être utilisée."


@dataclass(slots=True)
class Proc:
    """A procuration in memory during a batch: loaded from the store or new from the batch."""

    id: str
    entry_id: str
    station_id: str
    mandant_key: str
    mandataire_key: str
    mandant_list_kind: str | None
    established_in: str
    validity_kind: str
    election_id: str | None
    rounds: str | None
    valid_from: date | None
    valid_to: date | None
    established_at: datetime
    clock_flagged: bool
    status: str
    rule_id: str | None
    message: str | None
    revoked_at: datetime | None
    revocation_id: str | None
    reference: str | None
    is_new: bool = False
    void_other: bool = False
    # R-ELIG-5: when the register reported the mandataire's death or loss of civic rights (central/annulment.py).
    annulled_at: datetime | None = None
    annul_cause: str | None = None
    kept: bool = False  # decided before this transaction's first change: counted as it stands (`settle_before`)
    _orig: tuple[object, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        self._orig = self._state()

    def _state(self) -> tuple[object, ...]:
        return (self.status, self.rule_id, self.message, self.revoked_at, self.revocation_id)

    def changed(self) -> bool:
        """Anything to write back for a stored row."""
        return not self.is_new and self._state() != self._orig

    def status_changed(self) -> bool:
        """A change the establishing station must learn from the feed."""
        return not self.is_new and (self.status, self.rule_id) != self._orig[:2]

    def row(self) -> dict[str, object]:
        """The row to insert."""
        return {
            "id": self.id,
            "entry_id": self.entry_id,
            "station_id": self.station_id,
            "mandant_key": self.mandant_key,
            "mandataire_key": self.mandataire_key,
            "mandant_list_kind": self.mandant_list_kind,
            "established_in": self.established_in,
            "validity_kind": self.validity_kind,
            "election_id": self.election_id,
            "rounds": self.rounds,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "established_at": self.established_at,
            "clock_flagged": self.clock_flagged,
            "status": self.status,
            "rule_id": self.rule_id,
            "message": self.message,
            "revoked_at": self.revoked_at,
            "revocation_id": self.revocation_id,
            "reference": self.reference,
        }

    def feed_row(self, flags: str = "") -> dict[str, object]:
        """Its row of the change feed (numbered and dated by `db.append_changes` or `db.feed_writes`)."""
        return {
            "station_id": self.station_id,
            "entry_id": self.entry_id,
            "record_id": self.id,
            "status": self.status,
            "rule_id": self.rule_id,
            "message": self.message,
            "flags": flags,
        }

    def update_params(self) -> dict[str, object]:
        """Bind parameters of the status update."""
        return {
            "pid": self.id,
            "new_status": self.status,
            "new_rule": self.rule_id,
            "new_message": self.message,
            "new_revoked_at": self.revoked_at,
            "new_revocation_id": self.revocation_id,
        }

    def validity(self) -> Validity:
        """The rules engine's validity value."""
        validity = validity_of(self.validity_kind, self.election_id, self.rounds, self.valid_from, self.valid_to)
        assert validity is not None
        return validity

    def facts(self) -> ProcurationFacts:
        """The plain facts the L73 decision reads."""
        return ProcurationFacts(
            id=self.id,
            mandant_key=self.mandant_key,
            mandataire_key=self.mandataire_key,
            established_at=self.established_at,
            established_in=EstablishedIn(self.established_in),
            mandant_list=ListKind(self.mandant_list_kind or ListKind.COMMUNALE.value),
            validity=self.validity(),
            revoked_at=self.revoked_at,
            annulled_at=self.annulled_at,
            void_other=self.void_other,
            kept=self.kept,
        )


@dataclass(frozen=True, slots=True)
class Rev:
    """A revocation (résiliation) of every earlier procuration of one mandant."""

    id: str
    entry_id: str
    mandant_key: str
    established_at: datetime
    registered: bool = True


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the re-decision found beyond statuses: void decisions that rest on a flagged clock.

    `review` maps each such procuration to the procurations whose flagged time decided it (itself included when its
    own time is flagged).
    """

    review: dict[str, tuple[str, ...]]


def register_failure(
    proc: Proc, mandant: Registered | None, mandataire: Registered | None, calendar: ElectionCalendar
) -> tuple[str, str] | None:
    """Why the register or the calendar voids a new procuration outright, or None."""
    if mandant is None:
        return "R-PARTY-1", MSG_MANDANT_UNKNOWN
    if mandataire is None:
        return "R-PARTY-2", MSG_MANDATAIRE_UNKNOWN
    if proc.mandant_key == proc.mandataire_key:
        return "R-PARTY-4", MSG_SAME_PERSON
    if proc.validity_kind == "SCRUTIN" and calendar.get(proc.election_id or "") is None:
        return "R-VALID-2", MSG_UNKNOWN_ELECTION
    parties = [
        Elector(
            nne=r.nne,
            last_name=r.nom,
            given_names=" ".join(r.prenoms),
            birth_date=r.date_naissance,
            list_kind=r.list_kind,
        )
        for r in (mandant, mandataire)
    ]
    for v in check_eu_eligibility(parties[0], parties[1], proc.validity(), calendar):
        if v.blocking:  # R-ELIG-2..4 on the register's lists: an EU citizen only for the elections allowed
            return v.rule_id, v.message
    # The act's day, judged on its effective time (never the station's word: a clock set back cannot walk around
    # these rules, central/clock.py): the earliest local date anywhere (UTC−12) for what must not be past yet, a
    # round (R-VALID-2) or a duration's start (R-VALID-4a), so no station's evening is refused wrongly.
    earliest = (proc.established_at - EARLIEST_OFFSET).date()
    for v in check_validity(
        proc.validity(), established_on=earliest, mandant_list=mandant.list_kind, calendar=calendar
    ):
        if v.rule_id in ("R-VALID-2", "R-VALID-4a") and v.blocking:
            return v.rule_id, MSG_PAST.format(message=v.message, rule=v.rule_id, day=earliest.strftime("%d/%m/%Y"))
    if proc.validity_kind == "DUREE":
        # The register's list decides the maximum length (R-VALID-4): 3 years only on a consular list. The latest
        # local date anywhere (UTC+14) is taken as the establishment day so no time zone is refused wrongly.
        day = (proc.established_at + LATEST_OFFSET).date()
        for v in check_validity(proc.validity(), established_on=day, mandant_list=mandant.list_kind, calendar=calendar):
            if v.rule_id == "R-VALID-4" and v.blocking:
                return v.rule_id, f"{v.message} (R-VALID-4, liste du mandant selon le répertoire électoral)"
    return None


def load_procs(conn: Connection, person_keys: Sequence[str]) -> dict[str, Proc]:
    """Every stored procuration of these persons, as mandataire or as mandant (their keys are locked by the caller).

    The rows are unpacked by position: an attribute of SQLAlchemy's `Row` is a failed look-up caught and retried by
    name, about a microsecond each, and a procuration has twenty (issue 21)."""
    out: dict[str, Proc] = {}
    for start in range(0, len(person_keys), 500):
        chunk = person_keys[start : start + 500]
        query = select(*_STORED_COLUMNS).where(
            or_(among(conn, procurations.c.mandataire_key, chunk), among(conn, procurations.c.mandant_key, chunk))
        )
        for (
            pid,
            entry_id,
            station_id,
            mandant_key,
            mandataire_key,
            mandant_list_kind,
            established_in,
            validity_kind,
            election_id,
            rounds,
            valid_from,
            valid_to,
            established_at,
            clock_flagged,
            status,
            rule_id,
            message,
            revoked_at,
            revocation_id,
            reference,
        ) in conn.execute(query):
            out[pid] = Proc(
                id=pid,
                entry_id=entry_id,
                station_id=station_id,
                mandant_key=mandant_key,
                mandataire_key=mandataire_key,
                mandant_list_kind=mandant_list_kind,
                established_in=established_in,
                validity_kind=validity_kind,
                election_id=election_id,
                rounds=rounds,
                valid_from=valid_from,
                valid_to=valid_to,
                established_at=utc(established_at),
                clock_flagged=clock_flagged,
                status=status,
                rule_id=rule_id,
                message=message,
                revoked_at=utc(revoked_at) if revoked_at is not None else None,
                revocation_id=revocation_id,
                reference=reference,
                void_other=status == Status.INVALIDEE and rule_id not in DECIDED_RULES,
            )
    return out


def load_around(conn: Connection, person_keys: Iterable[str], since: datetime) -> dict[str, Proc]:
    """The stored procurations a change at `since` can re-decide, and those their decisions read.

    A procuration is judged against the earlier ones of its mandant (R-VALID-6) and of its mandataire (L73), so a
    change reaches, from the persons given, every procuration of theirs established at or after `since`, then the
    other party of each of those, and so on. Each person reached is locked (the ones given, by the caller) before
    their procurations are read: whoever changes a procuration's status holds both its parties' locks. The ones
    established before `since` keep their decision (`settle_before`).
    """
    out: dict[str, Proc] = {}
    seen = set(person_keys)
    frontier = sorted(seen)
    while frontier:
        reached: set[str] = set()
        for pid, p in load_procs(conn, frontier).items():
            if pid in out:
                continue
            out[pid] = p
            if p.established_at >= since:
                reached.update((p.mandant_key, p.mandataire_key))
        frontier = sorted(reached - seen)
        if frontier:
            lock_keys(conn, frontier)
            seen.update(frontier)
    settle_before(out.values(), since)
    return out


def mandataires_of(conn: Connection, mandant_keys: list[str]) -> list[str]:
    """Mandataire keys of the procurations of these mandants (they are re-decided after a revocation)."""
    if not mandant_keys:
        return []
    rows = conn.execute(
        select(procurations.c.mandataire_key).distinct().where(among(conn, procurations.c.mandant_key, mandant_keys))
    )
    return sorted(set(rows.scalars()))


def mandants_of(conn: Connection, mandataire_keys: Sequence[str]) -> list[str]:
    """Mandant keys of the procurations given to these mandataires (a register report changes their statuses)."""
    if not mandataire_keys:
        return []
    rows = conn.execute(
        select(procurations.c.mandant_key).distinct().where(among(conn, procurations.c.mandataire_key, mandataire_keys))
    )
    return sorted(set(rows.scalars()))


def stored_status(conn: Connection, ids: list[str]) -> dict[str, tuple[str, str | None, str | None]]:
    """(status, rule, message) of these stored procurations."""
    if not ids:
        return {}
    rows = conn.execute(
        select(procurations.c.id, procurations.c.status, procurations.c.rule_id, procurations.c.message).where(
            among(conn, procurations.c.id, ids)
        )
    )
    return {r.id: (r.status, r.rule_id, r.message) for r in rows}


def first_change(new_procs: Iterable[Proc], new_revs: Iterable[Rev]) -> datetime:
    """The establishment time of the earliest new act that counts: nothing established before it can change."""
    times = [p.established_at for p in new_procs if not p.void_other]
    times += [r.established_at for r in new_revs if r.registered]
    return min(times, default=datetime.max.replace(tzinfo=UTC))


def settle_before(procs: Iterable[Proc], since: datetime) -> None:
    """Stored procurations established before `since` keep their decision: whatever changes at or after `since`
    was not there when they were judged (a revocation or a report at `since` still changes their status)."""
    for p in procs:
        if p.is_new or p.established_at >= since:
            continue
        if p.status == Status.INVALIDEE:
            p.void_other = True
        else:
            p.kept = True


# The stored fields of `Proc`, in its order (a test holds them equal to the table's columns).
STORED_FIELDS = tuple(f.name for f in fields(Proc))[:20]
_STORED_COLUMNS = tuple(procurations.c[name] for name in STORED_FIELDS)
_REV_COLUMNS = (revocations.c.id, revocations.c.entry_id, revocations.c.mandant_key, revocations.c.established_at)


def load_revs(conn: Connection, mandant_keys: Sequence[str]) -> list[Rev]:
    """Stored revocations of these mandants (unpacked by position, as in `load_procs`)."""
    out: list[Rev] = []
    for start in range(0, len(mandant_keys), 500):
        chunk = mandant_keys[start : start + 500]
        query = select(*_REV_COLUMNS).where(among(conn, revocations.c.mandant_key, chunk))
        for rid, entry_id, mandant_key, established_at in conn.execute(query):
            out.append(Rev(id=rid, entry_id=entry_id, mandant_key=mandant_key, established_at=utc(established_at)))
    return out


def validity_of(
    kind: str | None, election_id: str | None, rounds: str | None, valid_from: date | None, valid_to: date | None
) -> Validity | None:
    """A stored procuration's validity as the rules engine reads it (None: a duration without its dates)."""
    if kind == "SCRUTIN":
        return ScrutinValidity(election_id or "", Rounds(rounds or "T1"))
    if valid_from is None or valid_to is None:
        return None
    return DurationValidity(valid_from, valid_to)


def apply_revocations(procs: Iterable[Proc], revs: Sequence[Rev], calendar: ElectionCalendar | None = None) -> None:
    """Mark each procuration with the first revocation of its mandant established after it (R-REVOKE-2), unless its
    validity was over by then, on the résiliation's earliest day anywhere (§8: expired, not revoked; the counter
    leaves it out since the legal audit, session 32)."""
    by_mandant: dict[str, list[Rev]] = {}
    for r in revs:
        if r.registered:
            by_mandant.setdefault(r.mandant_key, []).append(r)
    if not by_mandant:
        return
    for p in procs:
        later = [r for r in by_mandant.get(p.mandant_key, ()) if r.established_at > p.established_at]
        if not later:
            continue
        first = min(later, key=lambda r: (r.established_at, r.id))
        validity = p.validity()
        day = (first.established_at - EARLIEST_OFFSET).date()
        if calendar is not None and validity is not None and validity_over(validity, calendar, on=day):
            continue
        if p.revoked_at is None or first.established_at < p.revoked_at:
            p.revoked_at, p.revocation_id = first.established_at, first.id


def redecide(procs: Sequence[Proc], calendar: ElectionCalendar, policy: LimitsPolicy) -> Outcome:
    """Set every status from the whole set of each mandataire, earliest established first (L73)."""
    decisions = decide_limits([p.facts() for p in procs], calendar=calendar, limits_policy=policy)
    flagged = {p.id for p in procs if p.clock_flagged}
    review: dict[str, tuple[str, ...]] = {}
    for p in procs:
        if p.void_other:
            continue
        d = decisions[p.id]
        if not d.valid:
            p.status, p.rule_id, p.message = Status.INVALIDEE, d.rule_id, limit_violation(d).message
            deciding = sorted(({p.id} if p.clock_flagged else set()) | flagged.intersection(d.blocked_by))
            if deciding:
                review[p.id] = tuple(deciding)  # a flagged time decided an L73 outcome: a human must look (spec)
        elif p.annulled_at is not None and not (p.revoked_at is not None and p.revoked_at <= p.annulled_at):
            cause = AnnulmentCause(p.annul_cause or AnnulmentCause.DECES.value)
            if p.annulled_at <= p.established_at:  # established after the register's report: never in force
                p.status, p.rule_id, p.message = Status.INVALIDEE, "R-ELIG-5", refused_message(cause)
            else:
                p.status, p.rule_id, p.message = Status.ANNULEE, "R-ELIG-5", annulled_message(cause)
        elif p.revoked_at is not None:
            p.status, p.rule_id, p.message = Status.RESILIEE, "R-REVOKE-2", MSG_RESILIEE
        else:
            p.status, p.rule_id, p.message = Status.VALIDEE, None, None
    return Outcome(review=review)
