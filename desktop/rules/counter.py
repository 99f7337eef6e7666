"""The counter's one call before saving a procuration: every rule it can check from the facts at hand.

``check_new_procuration`` returns violations (never raises for a rule): blocking ones (``erreur``) and warnings
(``avertissement``), each with its rule id and form field. The limits part is advisory (R-LIMIT-8): the central store
re-decides over the national set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from desktop.i18n import _
from desktop.rules.calendar import ElectionCalendar, vote_dates
from desktop.rules.channels import check_channel, check_home_visit, check_place
from desktop.rules.facts import NewProcuration
from desktop.rules.identifiers import REFERENCE_RE, IdentifierError, normalize_nne
from desktop.rules.limits import DEFAULT_POLICY, LimitsPolicy, check_limits
from desktop.rules.parties import check_eu_eligibility, check_parties, check_protection
from desktop.rules.terms import PlaceKind
from desktop.rules.textlimits import check_person_texts
from desktop.rules.types import AVERTISSEMENT, EstablishedIn, ProcurationFacts, Validity, Violation
from desktop.rules.validity import check_validity


@dataclass(frozen=True, slots=True)
class RulesSettings:
    """Settings the spec leaves open: limits policy, reference format, how close to the vote to warn."""

    limits: LimitsPolicy = field(default_factory=LimitsPolicy)
    reference_pattern: re.Pattern[str] = REFERENCE_RE
    late_warning_days: int = 3


DEFAULT_SETTINGS = RulesSettings(limits=DEFAULT_POLICY)


def established_at(kind: PlaceKind) -> EstablishedIn:
    """France or abroad, from the kind of place of a counter (the central store checks a station against it)."""
    return EstablishedIn.ETRANGER if kind.abroad else EstablishedIn.FRANCE


def established_in(new: NewProcuration) -> EstablishedIn:
    """France or abroad, from the place where the counter is."""
    return established_at(new.place.kind)


def to_facts(new: NewProcuration, *, now: datetime, mandant_key: str, mandataire_key: str) -> ProcurationFacts:
    """The limits facts of a procuration about to be established at `now`."""
    if new.validity is None:
        raise ValueError(_("validité manquante"))
    return ProcurationFacts(
        id=new.id,
        mandant_key=mandant_key,
        mandataire_key=mandataire_key,
        established_at=now,
        established_in=established_in(new),
        mandant_list=new.mandant.list_kind,
        validity=new.validity,
    )


def person_key(nne: str | None, fallback: str) -> str:
    """The key under which limits group a person: the NNE when known, else the caller's fallback id."""
    return nne if nne else fallback


def check_new_procuration(
    new: NewProcuration,
    *,
    now: datetime,
    calendar: ElectionCalendar,
    mandataire_holds: Sequence[ProcurationFacts] = (),
    mandant_holds: Sequence[ProcurationFacts] = (),
    settings: RulesSettings = DEFAULT_SETTINGS,
) -> list[Violation]:
    """Every local rule on a new procuration; `*_holds` are the procurations this station knows for each party."""
    today = new.place.local_day(now)  # the station's day: the vote day ends at midnight where the counter stands
    out: list[Violation] = []
    out += _check_texts(new)
    out += _check_nnes(new)
    out += check_parties(new.mandant, new.mandataire)
    out += check_protection(new.protection)
    out += check_channel(new, today=today, reference_pattern=settings.reference_pattern)
    out += check_place(new.place, new.authority, now=now)
    out += check_home_visit(new.home_visit, new.authority, new.place)
    validity_violations = check_validity(
        new.validity, established_on=today, mandant_list=new.mandant.list_kind, calendar=calendar
    )
    out += validity_violations
    if new.validity is None or validity_violations:
        return out
    out += check_eu_eligibility(new.mandant, new.mandataire, new.validity, calendar)
    facts = to_facts(
        new,
        now=now,
        mandant_key=person_key(new.mandant.nne, "mandant:" + new.id),
        mandataire_key=person_key(new.mandataire.nne, "mandataire:" + new.id),
    )
    out += check_same_mandant(new.validity, mandant_holds, now=now, calendar=calendar)
    if mandataire_holds:
        out += check_limits(
            facts,
            [
                q if q.mandataire_key == facts.mandataire_key else _rekey(q, facts.mandataire_key)
                for q in mandataire_holds
            ],
            calendar=calendar,
            limits_policy=settings.limits,
            zone=new.place.tz,  # the earlier procuration's time on the station's clock, not UTC's
        )
    out += check_timing(new.validity, today=today, calendar=calendar, warn_days=settings.late_warning_days)
    return out


def _rekey(q: ProcurationFacts, key: str) -> ProcurationFacts:
    # The caller already selected the mandataire's procurations: group them under the new one's key.
    return ProcurationFacts(
        q.id,
        q.mandant_key,
        key,
        q.established_at,
        q.established_in,
        q.mandant_list,
        q.validity,
        q.revoked_at,
        q.annulled_at,
        q.void_other,
    )


def _check_texts(new: NewProcuration) -> list[Violation]:
    # R-SAISIE-1: what the central store would refuse is refused here, next to the field (rules/textlimits).
    out: list[Violation] = []
    for who, p in (("mandant", new.mandant), ("mandataire", new.mandataire)):
        out += check_person_texts(
            who, last_name=p.last_name, given_names=p.given_names, commune=p.commune, address=p.address
        )
    return out


def _check_nnes(new: NewProcuration) -> list[Violation]:
    out = []
    for nne, field_key in ((new.mandant.nne, "mandant.nne"), (new.mandataire.nne, "mandataire.nne")):
        if nne:
            try:
                normalize_nne(nne, field=field_key)
            except IdentifierError as err:
                out.append(err.violation())
    return out


def check_same_mandant(
    validity: Validity,
    mandant_holds: Sequence[ProcurationFacts],
    *,
    now: datetime,
    calendar: ElectionCalendar,
) -> list[Violation]:
    """R-VALID-6: a mandant is represented once per vote date; other dates may go to other mandataires."""
    mine = vote_dates(validity, calendar)
    for q in mandant_holds:
        if q.void_other or (q.revoked_at is not None and q.revoked_at <= now):
            continue
        if q.annulled_at is not None and q.annulled_at <= now:
            continue
        common = mine & vote_dates(q.validity, calendar)
        if common:
            day = min(common).strftime("%d/%m/%Y")
            return [
                Violation(
                    "R-VALID-6",
                    _(
                        "Le mandant a déjà donné une procuration valable le {day}. Pour changer de mandataire, "
                        "il doit d'abord résilier toutes ses procurations."
                    ).format(day=day),
                    "validity.election",
                )
            ]
    return []


def check_timing(validity: Validity, *, today: date, calendar: ElectionCalendar, warn_days: int) -> list[Violation]:
    """R-TIME-1/2: never refuse for lateness, but warn when the next covered vote is within `warn_days` days."""
    upcoming = [d for d in vote_dates(validity, calendar) if d >= today]
    if not upcoming:
        return []
    first = min(upcoming)
    if (first - today).days > warn_days:
        return []
    return [
        Violation(
            "R-TIME-2",
            _(
                "Le scrutin du {first} est très proche : prévenez le mandant que la procuration risque "
                "de ne pas parvenir à temps au bureau de vote."
            ).format(first=first.strftime("%d/%m/%Y")),
            None,
            AVERTISSEMENT,
        )
    ]
