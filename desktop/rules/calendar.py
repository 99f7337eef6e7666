"""The election calendar: scrutins, their round dates, shared vote dates and per-scrutin limit overrides.

The data lives in ``resources/elections.json``; the caller reads the file and passes the loaded ``dict`` to
:func:`parse_calendar`. Several elections on one date make one vote date (R-LIMIT-6, R-VALID-5).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.i18n import SOURCE_LANGUAGE, _, language
from desktop.rules.pilots import PILOTS, Pilot
from desktop.rules.types import ElectionType, Rounds, ScrutinValidity, Validity


class CalendarError(ValueError):
    """The calendar data is malformed (the message names the entry, never personal data)."""


@dataclass(frozen=True, slots=True)
class LimitOverride:
    """A temporary derogation to the L73 ceilings for one scrutin (R-LIMIT-7); None keeps the policy value."""

    max_france: int | None = None
    max_total: int | None = None
    max_total_consular: int | None = None


@dataclass(frozen=True, slots=True)
class Election:
    """One scrutin: its id, type, French label, round dates and optional limit override; ``label_en`` (optional in
    the file) names it on English screens, the receipts print ``label``."""

    id: str
    type: ElectionType
    label: str
    t1: date
    t2: date | None = None
    limits: LimitOverride | None = None
    provisional: bool = False
    label_en: str = ""

    @property
    def shown_label(self) -> str:
        """The name on screen, in the agent's language (``label`` stays French: receipts print it)."""
        if language() != SOURCE_LANGUAGE and self.label_en:
            return self.label_en
        return self.label

    def dates(self, rounds: Rounds) -> tuple[date, ...]:
        """The vote dates of the given rounds (a single-round scrutin has no T2)."""
        if rounds is Rounds.T1:
            return (self.t1,)
        if rounds is Rounds.T2:
            return (self.t2,) if self.t2 is not None else ()
        return (self.t1, self.t2) if self.t2 is not None else (self.t1,)


@dataclass(frozen=True, slots=True)
class ElectionCalendar:
    """An immutable, indexed set of elections."""

    elections: Mapping[str, Election]
    _by_date: Mapping[date, tuple[Election, ...]] = field(repr=False)
    _sorted_dates: tuple[date, ...] = field(repr=False)
    passport_pilots: tuple[Pilot, ...] = PILOTS  # R-PASS-4's experiments (desktop/rules/pilots.py)

    @classmethod
    def of(cls, elections: Iterable[Election], pilots: tuple[Pilot, ...] = PILOTS) -> ElectionCalendar:
        """Build a calendar from elections; ids must be unique."""
        by_id: dict[str, Election] = {}
        by_date: dict[date, list[Election]] = {}
        for e in elections:
            if e.id in by_id:
                raise CalendarError(_("identifiant d'élection en double : {id}").format(id=e.id))
            by_id[e.id] = e
            for d in e.dates(Rounds.BOTH):
                by_date.setdefault(d, []).append(e)
        frozen = {d: tuple(v) for d, v in by_date.items()}
        return cls(by_id, frozen, tuple(sorted(frozen)), pilots)

    def get(self, election_id: str) -> Election | None:
        """The election with this id, or None."""
        return self.elections.get(election_id)

    def elections_on(self, day: date) -> tuple[Election, ...]:
        """Every election held on `day` (one vote date, R-LIMIT-6)."""
        return self._by_date.get(day, ())

    def vote_dates_between(self, start: date, end: date) -> tuple[date, ...]:
        """The vote dates in [start, end], both ends inclusive, in order."""
        lo = bisect.bisect_left(self._sorted_dates, start)
        hi = bisect.bisect_right(self._sorted_dates, end)
        return self._sorted_dates[lo:hi]


def vote_dates(validity: Validity, calendar: ElectionCalendar) -> frozenset[date]:
    """The vote dates a validity covers: chosen rounds of a scrutin, or every vote date in a duration (R-LIMIT-5)."""
    if isinstance(validity, ScrutinValidity):
        election = calendar.get(validity.election_id)
        return frozenset(election.dates(validity.rounds)) if election is not None else frozenset()
    return frozenset(calendar.vote_dates_between(validity.start, validity.end))


def covered_elections(validity: Validity, calendar: ElectionCalendar) -> tuple[Election, ...]:
    """Every election a validity covers, including those sharing a vote date with the chosen one (R-VALID-5)."""
    seen: dict[str, Election] = {}
    for d in sorted(vote_dates(validity, calendar)):
        for e in calendar.elections_on(d):
            seen.setdefault(e.id, e)
    return tuple(seen.values())


def parse_calendar(data: Mapping[str, Any]) -> ElectionCalendar:
    """Parse the loaded ``elections.json`` document; raise CalendarError on any malformed entry."""
    raw = data.get("elections") if isinstance(data, Mapping) else None
    if not isinstance(raw, list):
        raise CalendarError(_("le calendrier doit contenir une liste « elections »"))
    pilots = _parse_pilots(data.get("experimentations_passeport"))
    return ElectionCalendar.of((_parse_election(i, item) for i, item in enumerate(raw)), pilots)


_PILOT_NAME = re.compile(r"(?=.*\S)[^\x00-\x1f\x7f-\x9f]{1,100}")
_ALPHA3 = re.compile(r"[A-Za-z]{3}")


def _parse_pilots(raw: Any) -> tuple[Pilot, ...]:
    """« experimentations_passeport »: [{"nom", "pays": [ISO alpha-3…], "debut", "fin"}]; absent, the shipped ones."""
    if raw is None:
        return PILOTS
    if not isinstance(raw, list):
        raise CalendarError(_("« experimentations_passeport » doit être une liste"))
    out = []
    for index, item in enumerate(raw):
        name = item.get("nom") if isinstance(item, Mapping) else None
        countries = item.get("pays") if isinstance(item, Mapping) else None
        # A name the messages below can show on one line (100 characters at most); countries as R-PASS-4 compares
        # them, ISO alpha-3 (« ESPAGNE », or no country at all, made an experiment no applicant is ever in, silently).
        if (
            not isinstance(name, str)
            or not _PILOT_NAME.fullmatch(name)
            or not isinstance(countries, list)
            or not countries
            or not all(isinstance(c, str) and _ALPHA3.fullmatch(c) for c in countries)
        ):
            raise CalendarError(_("expérimentation n° {index} : nom ou pays invalides").format(index=index))
        try:
            start, end = date.fromisoformat(item.get("debut")), date.fromisoformat(item.get("fin"))
        except (TypeError, ValueError):
            raise CalendarError(_("expérimentation {name} : date invalide").format(name=name)) from None
        if end < start:
            raise CalendarError(_("expérimentation {name} : la fin précède le début").format(name=name))
        out.append(Pilot(name, frozenset(c.upper() for c in countries), start, end))
    return tuple(out)


def _parse_election(index: int, item: Any) -> Election:
    if not isinstance(item, Mapping):
        raise CalendarError(_("élection n° {index} : objet attendu").format(index=index))
    ident = item.get("id")
    if not isinstance(ident, str) or not ident:
        raise CalendarError(_("élection n° {index} : identifiant manquant").format(index=index))
    try:
        kind = ElectionType(str(item.get("type")))
    except ValueError:
        raise CalendarError(_("élection {ident} : type inconnu").format(ident=ident)) from None
    label = item.get("label")
    if not isinstance(label, str) or not label:
        raise CalendarError(_("élection {ident} : libellé manquant").format(ident=ident))
    label_en = item.get("label_en", "")
    if not isinstance(label_en, str):
        raise CalendarError(_("élection {ident} : libellé anglais invalide").format(ident=ident))
    rounds = item.get("rounds")
    if not isinstance(rounds, Mapping) or "T1" not in rounds:
        raise CalendarError(_("élection {ident} : date du premier tour manquante").format(ident=ident))
    t1 = _parse_date(ident, rounds["T1"])
    t2 = _parse_date(ident, rounds["T2"]) if rounds.get("T2") is not None else None
    if t2 is not None and t2 <= t1:
        raise CalendarError(_("élection {ident} : le second tour doit suivre le premier").format(ident=ident))
    limits = _parse_limits(ident, item.get("limits"))
    return Election(ident, kind, label, t1, t2, limits, bool(item.get("provisional", False)), label_en)


def _parse_date(ident: str, value: Any) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CalendarError(_("élection {ident} : date invalide").format(ident=ident)) from None


def _parse_limits(ident: str, value: Any) -> LimitOverride | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise CalendarError(_("élection {ident} : plafonds invalides").format(ident=ident))
    out: dict[str, int | None] = {}
    for key in ("max_france", "max_total", "max_total_consular"):
        v = value.get(key)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise CalendarError(_("élection {ident} : plafond {key} invalide").format(ident=ident, key=key))
        out[key] = v
    return LimitOverride(**out)


__all__ = [
    "CalendarError",
    "Election",
    "ElectionCalendar",
    "LimitOverride",
    "covered_elections",
    "parse_calendar",
    "vote_dates",
]
