"""What the establish form's checks disclose of the procurations this counter holds: a consultation (R-DATA-4),
bounded per agent and day (R-DATA-3).

The live check (at every pause in typing), the review and a refused save read each typed party's procurations in
force (`procurations._check`) and answer with what they imply: R-VALID-6 (« le mandant a déjà donné une procuration
valable le 11/04/2027 »), R-LIMIT-1..3 with the earlier act's establishment time. So whoever types a name and a birth
date learns whether that person gave or holds a procuration here, and when: an outside audit (December 2026) found a
birth date and a procuration from a name alone in 365 calls (0.7 s), none of them audited.

* What the stored procurations add to the answer is found by judging the form again without them (`revealed`): a
  violation that appears only with a party's procurations discloses them.
* Each disclosure shown is a consultation (`verification_locale`): the person's local elector id as the record, the
  rules, the procurations' ids and a digest of what was shown, no name; journaled write-behind once per agent, day,
  person and content (`ShownLists.journal_once`), not at each keystroke.
* One agent's checks disclose in full the procurations of at most `DAILY_PERSONS` distinct persons a station day
  (counted from the audit chain, so a restart or a new login does not start again). Past it the violation still
  blocks (or warns) as before, but only says that a procuration is recorded and to consult it in Rechercher, which
  asks its permission and journals the search; that disclosure is journaled too (`affichage=reduit`), and the first
  one of the day writes `consultation.seuil_depasse` for the supervisor (the audit export shows it).
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from desktop.i18n import _
from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.rules.types import ProcurationFacts, Violation, party_name
from desktop.services.context import ServiceContext
from desktop.services.shown_lists import ShownLists, content_digest

log = logging.getLogger(__name__)

__all__ = ["DAILY_PERSONS", "FLAG", "RECORD_KIND", "Checked", "Holding", "Revealed", "disclose", "revealed"]

RECORD_KIND = "verification_locale"
FLAG = "consultation.seuil_depasse"
FULL, REDUCED = "complet", "reduit"
# An agent's busiest day is a few hundred acts at most (an act takes minutes; docs/PERFORMANCE.md's election week
# gives a station about a hundred a day on average), and an act discloses a stored procuration only when the citizen
# in front of the agent already gave one for that vote or their mandataire already holds their share: a refusal, a
# small part of the acts. Fifty persons a day is above what a real day reaches, and far below what harvesting a
# common name's namesakes (their birth dates, their procurations) needs.
DAILY_PERSONS = 50
_IDS_NAMED = 6  # procuration ids written in a line (a person holds one or two); the rest counted
_SLACK = timedelta(hours=1)  # a line the journal moved late keeps its own time: read a little past the day's start

Judge = Callable[[Sequence[ProcurationFacts], Sequence[ProcurationFacts]], list[Violation]]


@dataclass(frozen=True, slots=True)
class Holding:
    """A typed party's local electors (ids) and the procurations in force the check read for them."""

    person_ids: tuple[str, ...] = ()
    facts: tuple[ProcurationFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class Revealed:
    """What one party's stored procurations added to the answer."""

    role: str  # "mandant" or "mandataire"
    person_id: str  # the local elector (the first of the ids matched)
    procuration_ids: tuple[str, ...]
    violations: tuple[Violation, ...]


@dataclass(frozen=True, slots=True)
class Checked:
    """The checks' answer, and what in it the stored procurations disclose (to journal before it is shown)."""

    violations: list[Violation]
    revealed: tuple[Revealed, ...] = ()


def revealed(
    judge: Judge, found: Sequence[Violation], *, mandant: Holding, mandataire: Holding
) -> tuple[Revealed, ...]:
    """Each party whose procurations change the answer, with the violations they alone bring (`judge` is the same
    check over other holdings: pure rules and indexed reads, run again only when a party holds something)."""
    out = []
    for role, holding, mandant_holds, mandataire_holds in (
        ("mandant", mandant, (), mandataire.facts),
        ("mandataire", mandataire, mandant.facts, ()),
    ):
        if not holding.facts or not holding.person_ids:
            continue
        baseline = judge(mandant_holds, mandataire_holds)  # the same form, this party's procurations left out
        brought = tuple(v for v in found if v not in baseline)
        if brought:
            ids = tuple(sorted({f.id for f in holding.facts}))
            out.append(Revealed(role, sorted(holding.person_ids)[0], ids, brought))
    return tuple(out)


def disclose(ctx: ServiceContext, shown: Sequence[Violation], found: Sequence[Revealed]) -> list[Violation]:
    """The violations as the agent may be shown them: each disclosure among them journaled (once per content), and
    told in full only within the agent's daily bound; past it, said less and flagged for the supervisor."""
    out = list(shown)
    present = [r for r in found if any(v in out for v in r.violations)]
    if not present:
        return out
    ledger = _ledger(ctx.store)
    agent, day = ctx.actor.agent_id, ctx.today()
    for r in present:
        full, flag = ledger.admit(ctx, agent, day, r.person_id)
        said = list(r.violations)
        if not full:
            said = [_reduced(v, r.role) for v in r.violations]
            short = dict(zip(r.violations, said, strict=True))
            out = _unique([short.get(v, v) for v in out])
        level = FULL if full else REDUCED
        digest = content_digest([*(f"p:{i}" for i in r.procuration_ids), *(_line(v) for v in said), level])
        rules = ",".join(sorted({v.rule_id for v in r.violations}))
        named = ",".join(r.procuration_ids[:_IDS_NAMED])
        more = f";autres={len(r.procuration_ids) - _IDS_NAMED}" if len(r.procuration_ids) > _IDS_NAMED else ""
        ledger.shown.journal_once(
            ctx,
            RECORD_KIND,
            subject=f"{day.isoformat()}|{r.role}|{r.person_id}",
            content=digest,
            record_id=r.person_id,
            detail=f"role={r.role};regles={rules};affichage={level};procurations={named}{more};empreinte={digest}",
        )
        if flag:
            _flag(ctx, day)
    return out


def _reduced(v: Violation, role: str) -> Violation:
    """The violation without what it says of the stored procuration (its date, its time): it still blocks or warns."""
    text = _("Une procuration est déjà enregistrée à ce guichet pour ce {party} : consultez-la dans Rechercher.")
    return replace(v, message=text.format(party=party_name(role)))


def _line(v: Violation) -> str:
    return f"v:{v.rule_id}|{v.severity}|{v.field}|{v.message}"


def _unique(violations: list[Violation]) -> list[Violation]:
    """Two disclosures said alike are said once."""
    out: list[Violation] = []
    for v in violations:
        if v not in out:
            out.append(v)
    return out


def _flag(ctx: ServiceContext, day: date) -> None:
    """The supervisor's flag: an agent's checks went past the daily bound (in the chain at once, not behind)."""
    from desktop.services.journal import action, audit

    with action(ctx.store) as s:
        audit(
            s,
            actor=ctx.actor,
            action_name=FLAG,
            now=ctx.clock(),
            record_kind=RECORD_KIND,
            detail=f"seuil={DAILY_PERSONS};jour={day.isoformat()}",
        )
    log.warning("local checks of agent %s past %d persons on %s: said less, flagged", ctx.actor.agent_id,
                DAILY_PERSONS, day.isoformat())  # fmt: skip


class _Ledger:
    """One store's disclosures in this process: what each agent was shown, and whom they were shown today."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the live check and a save may run on two workers at once
        self.shown = ShownLists()
        self._persons: dict[tuple[str | None, date], set[str]] = {}
        self._flagged: set[tuple[str | None, date]] = set()

    def admit(self, ctx: ServiceContext, agent: str | None, day: date, person: str) -> tuple[bool, bool]:
        """(told in full, flag now): a person already disclosed today is told again; a new one while under the bound."""
        key = (agent, day)
        with self._lock:
            if key not in self._persons:
                for old in [k for k in self._persons if k[1] < day]:  # yesterday's counts go
                    del self._persons[old]
                self._flagged = {k for k in self._flagged if k[1] >= day}
                persons, flagged = _seed(ctx, agent, day)
                self._persons[key] = persons
                if flagged:
                    self._flagged.add(key)
            persons = self._persons[key]
            if person in persons:
                return True, False
            if len(persons) < DAILY_PERSONS:
                persons.add(person)
                return True, False
            flag = key not in self._flagged
            self._flagged.add(key)
            return False, flag


def _seed(ctx: ServiceContext, agent: str | None, day: date) -> tuple[set[str], bool]:
    """The persons disclosed in full to the agent on that station day, and whether the flag was raised, as the audit
    chain has them (a previous process's included): the day's rows only, read from the newest back."""
    from desktop.services.consultation_writer import journal_for

    journal_for(ctx.store)  # opened here, a previous process's lines are replayed into the chain first
    zone = ZoneInfo(ctx.settings.station_timezone)
    start, after = (datetime(d.year, d.month, d.day, tzinfo=zone).astimezone(UTC) for d in (day, day + timedelta(1)))
    persons: set[str] = set()
    flagged = False
    query = select(AuditEvent.at, AuditEvent.agent_id, AuditEvent.action, AuditEvent.record_kind,
                   AuditEvent.record_id, AuditEvent.detail).order_by(AuditEvent.seq.desc())  # fmt: skip
    with ctx.store.read() as s:
        for at, who, action_name, kind, record_id, detail in s.execute(query.execution_options(yield_per=512)):
            if at < start - _SLACK:
                break
            if who != agent or kind != RECORD_KIND or not start <= at < after:
                continue
            if action_name == FLAG:
                flagged = True
            elif record_id and f"affichage={FULL}" in (detail or "").split(";"):
                persons.add(record_id)
    return persons, flagged


_ledgers: weakref.WeakKeyDictionary[Store, _Ledger] = weakref.WeakKeyDictionary()
_ledgers_lock = threading.Lock()


def _ledger(store: Store) -> _Ledger:
    with _ledgers_lock:
        found = _ledgers.get(store)
        if found is None:
            found = _ledgers[store] = _Ledger()
        return found
