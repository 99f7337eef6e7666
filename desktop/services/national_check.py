"""What the central store knows of the parties while the form is filled: R-VALID-6 and L73 over the national set.

The counter checks the procurations it holds (`rules/counter`); a mandant who already gave one at another counter
for the same vote, or a mandataire who already holds their share elsewhere, is unknown here, and the central store
voids the new procuration after the citizen has left with the receipt (central/decide.py). When the central store
answers, the form asks it for each party's procurations (`national_fetch.fetch_holdings`, on a worker, audited as a
consultation here and logged there) and the checks read the answer (`national_warnings`).

What it finds is a warning the agent acknowledges, never a refusal: the central store's copy may be behind (a
résiliation made offline at another counter), and it alone decides. A résiliation recorded here after one of them
takes it out, as it does at the central store (R-REVOKE-2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Procuration, Revocation
from desktop.rules.calendar import ElectionCalendar, vote_dates
from desktop.rules.counter import to_facts
from desktop.rules.limits import LimitsPolicy, check_limits, established_text
from desktop.rules.terms import Status
from desktop.rules.types import (
    AVERTISSEMENT,
    DurationValidity,
    EstablishedIn,
    ListKind,
    ProcurationFacts,
    Rounds,
    ScrutinValidity,
    Validity,
    Violation,
)
from desktop.services.context import ServiceContext
from desktop.services.person_match import person_rows
from desktop.services.procuration_body import Holdings, PersonInput, holdings_key

MANDANT, MANDATAIRE = "mandant", "mandataire"

if TYPE_CHECKING:
    from desktop.rules.facts import NewProcuration
    from desktop.sync.wire import LookupItem


def central_facts(item: LookupItem) -> tuple[ProcurationFacts, ...]:
    """A central procuration as the limits read it (none when its election is not a rules value). Its mandant's
    list is not told: one established abroad counts as a consular mandant's (R-LIMIT-3: the higher ceiling, so no
    warning is given wrongly; the central store decides)."""
    from desktop.sync.wire import ValidityScrutin

    v = item.validity
    try:
        validity: Validity = (
            ScrutinValidity(v.election_id, Rounds(v.rounds))
            if isinstance(v, ValidityScrutin)
            else DurationValidity(v.start, v.end)
        )
        where = EstablishedIn(item.established_in)
    except ValueError:
        return ()
    return (
        ProcurationFacts(
            id=item.record_id,
            mandant_key="central:" + item.record_id,
            mandataire_key="",
            established_at=item.established_at,
            established_in=where,
            mandant_list=ListKind.CONSULAIRE if where is EstablishedIn.ETRANGER else ListKind.COMMUNALE,
            validity=validity,
        ),
    )


def national_warnings(
    s: Session,
    ctx: ServiceContext,
    *,
    national: Sequence[Holdings],
    mandant: PersonInput,
    mandataire: PersonInput,
    new: NewProcuration,
    now: datetime,
    mandataire_holds: Sequence[ProcurationFacts],
) -> list[Violation]:
    """Warnings from what the central store answered for these very identities (an answer for an identity typed
    before is not read); the procurations this counter holds are left to its own checks."""
    if new.validity is None:
        return []
    out: list[Violation] = []
    local = _local_ids(s, [f.id for h in national for f in h.facts])
    for_mandant = _answer(national, MANDANT, mandant)
    if for_mandant is not None:
        revoked = _revoked_here(s, mandant)
        earlier = [
            f if revoked is None or f.established_at >= revoked else replace(f, revoked_at=revoked)
            for f in for_mandant.facts
            if f.id not in local
        ]
        out += _represented(new.validity, earlier, now, ctx.calendar, new.place.tz)
    for_mandataire = _answer(national, MANDATAIRE, mandataire)
    if for_mandataire is not None:
        elsewhere = [f for f in for_mandataire.facts if f.id not in local]
        out += _mandataire_full(new, now, mandataire_holds, elsewhere, ctx.calendar, ctx.rules_settings.limits)
    return out


def _answer(national: Sequence[Holdings], role: str, person: PersonInput) -> Holdings | None:
    key = holdings_key(person)
    return next((h for h in national if h.role == role and h.key == key and h.state == "en_ligne"), None)


def _represented(
    validity: Validity,
    earlier: Sequence[ProcurationFacts],
    now: datetime,
    calendar: ElectionCalendar,
    zone: tzinfo | None,
) -> list[Violation]:
    """R-VALID-6 over the central store's answer: the first one in force sharing a vote date."""
    mine = vote_dates(validity, calendar)
    for q in sorted(earlier, key=lambda q: q.established_at):
        common = mine & vote_dates(q.validity, calendar)
        if common and (q.revoked_at is None or q.revoked_at > now):
            text = _(
                "Selon le répertoire central, le mandant a déjà donné à un autre guichet une procuration pour le "
                "{day}, établie {when} : celle-ci serait nulle. Demandez-lui s'il l'a résiliée ; sinon, "
                "il doit d'abord résilier ses procurations."
            ).format(day=min(common).strftime("%d/%m/%Y"), when=established_text(q.established_at, zone))
            return [Violation("R-VALID-6", text, "validity.election", AVERTISSEMENT)]
    return []


def _mandataire_full(
    new: NewProcuration,
    now: datetime,
    here: Sequence[ProcurationFacts],
    elsewhere: Sequence[ProcurationFacts],
    calendar: ElectionCalendar,
    policy: LimitsPolicy,
) -> list[Violation]:
    """L73 over this counter's and the central store's procurations of the mandataire, when this counter's alone
    do not already break it (that is its own check's refusal)."""
    if not elsewhere:
        return []
    facts = to_facts(new, now=now, mandant_key="new", mandataire_key="mandataire")
    mine = [replace(q, mandataire_key="mandataire") for q in here]
    if check_limits(facts, mine, calendar=calendar, limits_policy=policy):
        return []
    theirs = [replace(q, mandataire_key="mandataire") for q in elsewhere]
    found = check_limits(facts, [*mine, *theirs], calendar=calendar, limits_policy=policy, zone=new.place.tz)
    return [
        Violation(
            v.rule_id,
            _("Selon le répertoire central (procurations d'autres guichets) : {message}").format(message=v.message),
            v.field,
            AVERTISSEMENT,
        )
        for v in found
    ]


def _local_ids(s: Session, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    return set(s.scalars(select(Procuration.id).where(Procuration.id.in_(sorted(set(ids))))))


def _revoked_here(s: Session, person: PersonInput) -> datetime | None:
    """When the person's latest résiliation was recorded at this counter (it ends every earlier procuration).

    The person is whom the counter's own checks count (`person_match.person_rows`): by NNE and the rows recorded
    without one, given names in any order or one left out. Matched by the typed full name alone, « DUBOIS Jean »
    revoked here as « DUBOIS Jean Paul » (or recorded without the NNE typed now) was still warned R-VALID-6 about
    the procurations that résiliation ended. One the central store refused ended nothing (R-REVOKE-5/6,
    sync/refused_revocation.py): counted, the form kept quiet about a procuration still in force there."""
    ids = person_rows(s, person)
    if not ids:
        return None
    query = select(func.max(Revocation.established_at)).where(
        Revocation.mandant_id.in_(ids), Revocation.status != Status.INVALIDEE
    )
    return s.scalar(query)
