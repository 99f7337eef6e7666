"""Limits per mandataire on each vote date (spec §3, Code électoral L73), one mandant represented once per vote date
(R-VALID-6), and their conflict resolution.

Two entry points:

- :func:`decide_limits` (central store): re-decides a whole set of procurations in one pass, in establishment order
  (R-LIMIT-4). A procuration is judged against the earlier ones that were valid, not revoked and not annulled *at
  its establishment time*: its mandant's (R-VALID-6, the later one is void) and its mandataire's (L73). So one made
  void stays void when the one that blocked it is later revoked ("nulles de plein droit"), while one established
  after a revocation finds the slot free (R-REVOKE-8). Both rules read the same earlier decisions, so they are
  decided together: whether a procuration stands under L73 decides whether its mandant is already represented, and
  the result does not depend on the order of presentation.
- :func:`check_limits` (counter): the L73 test for one new procuration against the procurations this station knows
  the mandataire holds; the result is a list of violations for the form (R-VALID-6: `counter.check_same_mandant`).

A procuration that breaks a ceiling on any one of its vote dates is void as a whole (the later one always loses).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from desktop.i18n import _
from desktop.rules.calendar import ElectionCalendar, vote_dates
from desktop.rules.types import (
    VALID,
    Decision,
    EstablishedIn,
    ListKind,
    ProcurationFacts,
    Violation,
)


@dataclass(frozen=True, slots=True)
class LimitsPolicy:
    """The L73 ceilings (R-LIMIT-1..3) and how a fully online procuration counts (R-LIMIT-9)."""

    max_france: int = 1
    max_total: int = 2
    max_total_consular: int = 3
    # None: classify by the mandant's list (consular list -> abroad, otherwise France), the spec's default.
    online_counts_as: EstablishedIn | None = None

    def in_france(self, p: ProcurationFacts) -> bool:
        """Whether `p` counts among the procurations established in France (F)."""
        where = p.established_in
        if where is EstablishedIn.EN_LIGNE:
            if self.online_counts_as is not None and self.online_counts_as is not EstablishedIn.EN_LIGNE:
                return self.online_counts_as is EstablishedIn.FRANCE
            return p.mandant_list is not ListKind.CONSULAIRE
        return where is EstablishedIn.FRANCE

    def ceilings(self, day: date, calendar: ElectionCalendar) -> tuple[int, int, int]:
        """(max France, max total, max total with a consular mandant) on `day`, per-scrutin overrides applied.

        When elections sharing the date disagree, the strictest value wins: the central store stays authoritative.
        """
        elections = calendar.elections_on(day)
        if not any(e.limits is not None for e in elections):
            return self.max_france, self.max_total, self.max_total_consular
        f, t, c = [], [], []
        for e in elections:
            o = e.limits
            f.append(o.max_france if o is not None and o.max_france is not None else self.max_france)
            t.append(o.max_total if o is not None and o.max_total is not None else self.max_total)
            c.append(
                o.max_total_consular if o is not None and o.max_total_consular is not None else self.max_total_consular
            )
        return min(f), min(t), min(c)


DEFAULT_POLICY = LimitsPolicy()


def _counts_at(q: ProcurationFacts, at: datetime) -> bool:
    """Whether an accepted procuration still occupies its slots at instant `at` (R-REVOKE-8, R-ELIG-5)."""
    if q.revoked_at is not None and q.revoked_at <= at:
        return False
    return q.annulled_at is None or q.annulled_at > at


def _judge(
    p: ProcurationFacts,
    p_dates: Iterable[date],
    earlier: Sequence[tuple[ProcurationFacts, frozenset[date]]],
    calendar: ElectionCalendar,
    policy: LimitsPolicy,
) -> Decision:
    """The L73 verdict on `p` given the accepted procurations established before it."""
    p_france = policy.in_france(p)
    for day in sorted(p_dates):
        active = [q for q, q_dates in earlier if day in q_dates and _counts_at(q, p.established_at)]
        if not active:
            continue
        max_f, max_t, max_c = policy.ceilings(day, calendar)
        france = sum(1 for q in active if policy.in_france(q))
        consular = p.mandant_list is ListKind.CONSULAIRE or any(q.mandant_list is ListKind.CONSULAIRE for q in active)
        blockers = tuple(q.id for q in active)
        if p_france and france + 1 > max_f:
            first_france = min(q.established_at for q in active if policy.in_france(q))
            return Decision(False, "R-LIMIT-1", day, blockers, first_france)
        if len(active) + 1 > (max_c if consular else max_t):
            first = min(q.established_at for q in active)
            return Decision(False, "R-LIMIT-3" if consular else "R-LIMIT-2", day, blockers, first)
    return VALID


def _order_key(p: ProcurationFacts) -> tuple[datetime, str]:
    # R-LIMIT-4: establishment time first; the id breaks ties so the outcome never depends on input order.
    return (p.established_at, p.id)


def decide_limits(
    procurations: Iterable[ProcurationFacts],
    *,
    calendar: ElectionCalendar,
    limits_policy: LimitsPolicy = DEFAULT_POLICY,
) -> dict[str, Decision]:
    """Decide every procuration under R-VALID-6 and L73 (R-LIMIT-1..7): the earliest established stay valid.

    One pass over the whole set in establishment order: each procuration is judged against the accepted ones of its
    mandant (R-VALID-6, first) and of its mandataire (L73). Records with ``void_other`` are void for another reason
    (``Decision(valid=False, rule_id=None)``) and never count; records ``kept`` are accepted without being judged.
    """
    by_mandataire: dict[str, list[tuple[ProcurationFacts, frozenset[date]]]] = {}
    by_mandant: dict[str, list[tuple[ProcurationFacts, frozenset[date]]]] = {}
    out: dict[str, Decision] = {}
    for p in sorted(procurations, key=_order_key):
        if p.void_other:
            out[p.id] = Decision(False)
            continue
        p_dates = vote_dates(p.validity, calendar)
        if p.kept:
            decision = VALID
        else:
            decision = _judge_mandant(p, p_dates, by_mandant.get(p.mandant_key, ())) or _judge(
                p, p_dates, by_mandataire.get(p.mandataire_key, ()), calendar, limits_policy
            )
        out[p.id] = decision
        if decision.valid:
            by_mandataire.setdefault(p.mandataire_key, []).append((p, p_dates))
            by_mandant.setdefault(p.mandant_key, []).append((p, p_dates))
    return out


def _judge_mandant(
    p: ProcurationFacts, p_dates: frozenset[date], earlier: Sequence[tuple[ProcurationFacts, frozenset[date]]]
) -> Decision | None:
    """R-VALID-6: void when an earlier accepted procuration of the same mandant, still in force at `p`'s
    establishment, covers one of its vote dates; None otherwise."""
    in_force = [
        (q, common) for q, q_dates in earlier if _counts_at(q, p.established_at) and (common := p_dates & q_dates)
    ]
    if not in_force:
        return None
    day = min(min(common) for _q, common in in_force)
    blockers = tuple(q.id for q, _common in in_force)
    return Decision(False, "R-VALID-6", day, blockers, min(q.established_at for q, _common in in_force))


def check_limits(
    new: ProcurationFacts,
    held: Iterable[ProcurationFacts],
    *,
    calendar: ElectionCalendar,
    limits_policy: LimitsPolicy = DEFAULT_POLICY,
    zone: tzinfo | None = None,
) -> list[Violation]:
    """Check one new procuration against those the mandataire already holds (assumed valid); [] when it fits.

    The local answer is advisory (R-LIMIT-8): the central store decides over the national set. `zone` is the
    station's time zone: the message gives the earlier procuration's time in it (UTC, said, without one).
    """
    earlier = [
        (q, vote_dates(q.validity, calendar))
        for q in held
        if q.mandataire_key == new.mandataire_key and q.id != new.id and not q.void_other
    ]
    if not earlier:
        return []
    decision = _judge(new, vote_dates(new.validity, calendar), earlier, calendar, limits_policy)
    if decision.valid:
        return []
    return [limit_violation(decision, zone)]


def established_text(moment: datetime, zone: tzinfo | None = None) -> str:
    """« le 12/03/2027 à 10:15 »: an establishment time for the agent, on the station's clock when its `zone` is
    given; an aware instant without a zone (the central store's messages) is given in UTC, and says so."""
    if zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    elif moment.tzinfo is not None and moment.utcoffset():
        moment = moment.astimezone(UTC)
    suffix = " UTC" if moment.tzinfo is not None and zone is None else ""
    return _("le {moment} à {moment2}{suffix}").format(
        moment=moment.strftime("%d/%m/%Y"), moment2=moment.strftime("%H:%M"), suffix=suffix
    )


def limit_violation(decision: Decision, zone: tzinfo | None = None) -> Violation:
    """The French message for a void decision of `decide_limits`: the ceiling broken or the mandant already
    represented, and (R-LIMIT-4) when the earlier procuration was made (in `zone`, the station's, when given)."""
    day = decision.vote_date.strftime("%d/%m/%Y") if decision.vote_date is not None else _("ce jour de vote")
    rule = decision.rule_id or "R-LIMIT-2"
    if rule == "R-VALID-6":
        return Violation(rule, _mandant_text(decision, day, zone), "validity.election")
    if rule == "R-LIMIT-1":
        held = _("une procuration établie en France pour le {day} ({rule})").format(day=day, rule=rule)
    elif rule == "R-LIMIT-3":
        held = _("trois procurations pour le {day} ({rule})").format(day=day, rule=rule)
    else:
        held = _("deux procurations pour le {day} ({rule})").format(day=day, rule=rule)
    earlier = ""
    if decision.blocked_since is not None:
        # Only the time: the other procuration's parties may belong to another station (R-DATA-3).
        earlier = _(
            " La première procuration, établie {established_text}, reste valable ; une procuration établie après "
            "elle pour ce jour de vote est nulle (R-LIMIT-4)."
        ).format(established_text=established_text(decision.blocked_since, zone))
    text = _(
        "Le mandataire détient déjà {held}.{earlier} Il ne peut pas en recevoir davantage : "
        "demandez au mandant de désigner un autre mandataire."
    ).format(held=held, earlier=earlier)
    return Violation(rule, text, "mandataire.nne")


def _mandant_text(decision: Decision, day: str, zone: tzinfo | None) -> str:
    """R-VALID-6 decided over the national set: the mandant had already given a procuration for that vote date,
    perhaps at another counter. Only its time is named, never its mandataire (R-DATA-3)."""
    since = decision.blocked_since
    when = established_text(since, zone) if since is not None else _("plus tôt")
    return _(
        "Le mandant avait déjà donné une procuration pour le {day}, établie {when} : elle reste valable et "
        "celle-ci est nulle (R-VALID-6). Un électeur n'est représenté qu'une fois par jour de vote : pour changer "
        "de mandataire, le mandant doit d'abord résilier ses procurations, puis en faire établir une nouvelle."
    ).format(day=day, when=when)
