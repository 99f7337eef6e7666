"""The procuration as it will stand, shown to the agent before it is saved: parties, validity with every election
it covers, place and authority. Nothing here writes; `establish` checks everything again when the agent confirms."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import _
from desktop.rules.calendar import covered_elections, vote_dates
from desktop.rules.terms import IdentitySource
from desktop.rules.terms import shown_channel_label as channel_label
from desktop.rules.types import Rounds, Violation
from desktop.services import procurations
from desktop.services.context import ServiceContext
from desktop.services.procurations import EstablishInput, PersonInput
from desktop.services.receipting import shown_date, validity_label

INCOMPLETE = "R-CHAN-C-1"  # the rule id `establish` gives an incomplete form


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """What the review screen shows, in French, line by line."""

    channel: str
    mandant: str
    mandataire: str
    validity: str
    elections: tuple[str, ...]  # every election covered, with its vote dates
    place: str
    authority: str
    home_visit: str = ""
    protection: str = ""  # a mandant under tutelle: what they declared of the mandataire (R-ELIG-1)
    warnings: tuple[str, ...] = ()  # acknowledged warnings, recalled
    identity: str = ""  # how the mandant's identity was taken (chip, MRZ, typed), in the agent's language
    identity_unproven: bool = False  # read from a chip whose authenticity was not established: said in red


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """Ready to confirm (`summary`), or what must be corrected first (`violations`)."""

    violations: tuple[Violation, ...] = ()
    summary: ReviewSummary | None = None

    @property
    def ready(self) -> bool:
        return self.summary is not None


def person_line(p: PersonInput) -> str:
    """« DUBOIS Jean, né(e) le 2 juin 1975, NNE 19374652 »."""
    born = _(", né(e) le {date}").format(date=shown_date(p.birth_date)) if p.birth_date else ""
    nne = f", NNE {p.nne.strip()}" if p.nne.strip() else ""
    return f"{p.last_name.strip().upper()} {p.given_names.strip()}{born}{nne}"


def warning_line(v: Violation) -> str:
    """« R-HOME-4 : décision du superviseur requise — … »: an acknowledged warning, or one a supervisor decides."""
    if v.needs_supervisor:
        return _("{rule} : décision du superviseur requise — {message}").format(rule=v.rule_id, message=v.message)
    return _("{rule} : {message}").format(rule=v.rule_id, message=v.message)


def identity_line(source: str) -> str:
    """« lue sur la puce : données authentiques »…; a value this version does not know is said as it is."""
    try:
        return IdentitySource(source).shown_label
    except ValueError:
        return source


def review(ctx: ServiceContext, inp: EstablishInput) -> ReviewOutcome:
    """Check the form as `establish` will, then describe the act (off the GUI thread: it reads the store)."""
    violations = procurations.check(ctx, inp)
    blocking = [v for v in violations if v.blocking]
    # A case the texts send to a supervisor (R-ELIG-4, R-HOME-4) is not the agent's to acknowledge: it is recalled
    # in the review, and the save then waits for the supervisor's decision.
    pending = [v for v in violations if not v.blocking and not v.needs_supervisor and v.rule_id not in inp.acknowledged]
    validity = procurations.validity_of(inp)
    if blocking or pending or validity is None or inp.mandant.birth_date is None or inp.mandataire.birth_date is None:
        if not blocking and not pending:
            blocking = [Violation(INCOMPLETE, _("Complétez les dates de naissance et la validité."), None)]
        return ReviewOutcome(violations=tuple(blocking + pending))
    dates = vote_dates(validity, ctx.calendar)
    elections = tuple(
        _("{election} : {dates}").format(
            election=e.shown_label, dates=", ".join(shown_date(d) for d in sorted(set(e.dates(Rounds.BOTH)) & dates))
        )
        for e in covered_elections(validity, ctx.calendar)
    )
    place = ctx.place()
    visit = _("À domicile ou en établissement (demande écrite et attestation reçues)") if inp.home_visit else ""
    return ReviewOutcome(
        summary=ReviewSummary(
            channel=channel_label(inp.channel),
            mandant=person_line(inp.mandant),
            mandataire=person_line(inp.mandataire),
            validity=validity_label(
                ctx.calendar,
                inp.validity_kind,
                inp.election_id or None,
                inp.rounds,
                inp.valid_from,
                inp.valid_until,
                shown=True,
            ),
            elections=elections or (_("Aucun scrutin connu du calendrier dans cette période"),),
            place=f"{place.kind.shown_label} — {place.name} ({place.code})",
            authority=f"{ctx.agent.name}, {ctx.agent.shown_capacity}",
            home_visit=visit,
            protection=_(
                "Sous tutelle ; le mandataire n'est aucune des personnes qu'il ne peut pas désigner (R-ELIG-1)"
            )
            if inp.under_protection
            else "",
            identity=identity_line(inp.mandant.source),
            identity_unproven=inp.mandant.source == IdentitySource.PUCE_NON_VERIFIEE,
            warnings=tuple(warning_line(v) for v in violations if not v.blocking),
        )
    )
