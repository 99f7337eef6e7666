"""Validity of a procuration (spec §5): one scrutin and its rounds, or a fixed duration, and the date arithmetic.

Durations follow the R-VALID-4a convention: ``start >= established`` and ``end <= add_years(established, 1)``
(3 years on a consular list); :func:`add_years` keeps day and month and maps 29 February to 28 February.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date

from desktop.i18n import _
from desktop.rules.calendar import ElectionCalendar, vote_dates
from desktop.rules.types import (
    ERREUR,
    DurationValidity,
    ListKind,
    Rounds,
    ScrutinValidity,
    Validity,
    Violation,
)


def add_years(day: date, years: int) -> date:
    """The same day and month `years` later; 29 February becomes 28 February (R-VALID-4a). Past the calendar's
    ends (a typed « 01/01/9999 » plus five years), its first or last day: later or earlier than any real day, never
    an error (a passport expiring in 9999 made the desk's eligibility check and the central store's batch fail)."""
    year = day.year + years
    if not MINYEAR <= year <= MAXYEAR:
        return date.max if year > MAXYEAR else date.min
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (and to the calendar's ends, as `add_years`)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not MINYEAR <= year <= MAXYEAR:
        return date.max if year > MAXYEAR else date.min
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def max_duration_years(mandant_list: ListKind) -> int:
    """1 year on a communal (or other) list, 3 on a consular list (R-VALID-4)."""
    return 3 if mandant_list is ListKind.CONSULAIRE else 1


def max_duration_end(established_on: date, mandant_list: ListKind) -> date:
    """The last end date allowed for a duration procuration established that day (R-VALID-4a)."""
    return add_years(established_on, max_duration_years(mandant_list))


def validity_end(validity: Validity, calendar: ElectionCalendar) -> date | None:
    """The last day a validity covers (last vote date of a scrutin, end of a duration); None if unknown."""
    if isinstance(validity, DurationValidity):
        return validity.end
    dates = vote_dates(validity, calendar)
    return max(dates) if dates else None


def validity_over(validity: Validity, calendar: ElectionCalendar, *, on: date) -> bool:
    """True when the last day `validity` covers is before `on` (§8: the procuration is expired); the last vote date
    or the end of the duration is still in it. An election the calendar does not know is never taken as over."""
    end = validity_end(validity, calendar)
    return end is not None and end < on


def check_validity(
    validity: Validity | None,
    *,
    established_on: date,
    mandant_list: ListKind,
    calendar: ElectionCalendar,
) -> list[Violation]:
    """R-VALID-1, 2 and 4/4a: a well-formed scrutin or duration, not already over, within the maximum length."""
    if validity is None:
        return [
            Violation(
                "R-VALID-1",
                _("Choisissez la validité : un scrutin précis (et ses tours) ou une durée."),
                "validity.election",
            )
        ]
    if isinstance(validity, ScrutinValidity):
        return _check_scrutin(validity, established_on, calendar)
    return _check_duration(validity, established_on, mandant_list)


def _check_scrutin(v: ScrutinValidity, today: date, calendar: ElectionCalendar) -> list[Violation]:
    election = calendar.get(v.election_id)
    if election is None:
        return [
            Violation(
                "R-VALID-2",
                _("Scrutin inconnu : choisissez l'élection dans la liste."),
                "validity.election",
            )
        ]
    if v.rounds is Rounds.T2 and election.t2 is None:
        return [
            Violation(
                "R-VALID-2",
                _("{label} n'a qu'un seul tour : choisissez le premier tour.").format(label=election.shown_label),
                "validity.rounds",
            )
        ]
    dates = election.dates(v.rounds)
    # R-TIME-1: the day of the vote itself is still allowed; only a date already past is refused.
    if max(dates) < today:
        return [
            Violation(
                "R-VALID-2",
                _("{label} : le ou les tours choisis sont passés. Choisissez un scrutin à venir.").format(
                    label=election.shown_label
                ),
                "validity.election",
            )
        ]
    if min(dates) < today:
        return [
            Violation(
                "R-VALID-2",
                _("{label} : le premier tour est passé. Choisissez seulement le second tour.").format(
                    label=election.shown_label
                ),
                "validity.rounds",
            )
        ]
    return []


def _check_duration(v: DurationValidity, today: date, mandant_list: ListKind) -> list[Violation]:
    out: list[Violation] = []
    if v.start < today:
        out.append(
            Violation(
                "R-VALID-4a",
                _(
                    "La date de début ne peut pas précéder la date d'établissement : choisissez aujourd'hui "
                    "ou plus tard."
                ),
                "validity.start",
            )
        )
    if v.end < v.start:
        out.append(
            Violation(
                "R-VALID-4",
                _("La date de fin précède la date de début : corrigez la période."),
                "validity.end",
            )
        )
    limit = max_duration_end(today, mandant_list)
    if v.end > limit:
        years = max_duration_years(mandant_list)
        span = _("3 ans (liste consulaire)") if years == 3 else _("1 an")
        out.append(
            Violation(
                "R-VALID-4",
                _("La durée maximale est de {span} : la date de fin doit être au plus tard le {limit}.").format(
                    span=span, limit=limit.strftime("%d/%m/%Y")
                ),
                "validity.end",
                ERREUR,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class RoundPlan:
    """One procuration to draw up for a scrutin: which mandataire, which rounds (R-VALID-3)."""

    mandataire_key: str
    rounds: Rounds


def plan_rounds(mandataire_t1: str | None, mandataire_t2: str | None) -> list[RoundPlan]:
    """R-VALID-3: one procuration for both rounds when the mandataire is the same, two distinct otherwise."""
    if mandataire_t1 is not None and mandataire_t1 == mandataire_t2:
        return [RoundPlan(mandataire_t1, Rounds.BOTH)]
    plans = []
    if mandataire_t1 is not None:
        plans.append(RoundPlan(mandataire_t1, Rounds.T1))
    if mandataire_t2 is not None:
        plans.append(RoundPlan(mandataire_t2, Rounds.T2))
    return plans
