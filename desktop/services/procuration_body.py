"""A procuration's form as typed, and what it becomes on the wire: identifiers normalised, choices checked, the body.

Split from `procurations.py` (which keeps the act itself): every value that travels to the central store is shaped
here, with the limits of `rules/textlimits.py` already checked by the rules (R-SAISIE-1).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.i18n import _
from desktop.rules.counter import established_in
from desktop.rules.facts import NewProcuration, ProtectionDeclaration, ProtectionRelation
from desktop.rules.identifiers import IdentifierError, normalize_nne, normalize_reference
from desktop.rules.terms import Channel, IdentitySource
from desktop.rules.textlimits import RULE as INPUT_RULE
from desktop.rules.textlimits import typed_text, wire_given_names, wire_surname
from desktop.rules.types import (
    DurationValidity,
    ListKind,
    ProcurationFacts,
    Rounds,
    ScrutinValidity,
    Validity,
    Violation,
)
from desktop.services.context import ServiceContext

if TYPE_CHECKING:
    from desktop.models import Procuration
    from desktop.sync.wire import Identity, ProcurationEtablie, ValidityDuree, ValidityScrutin


def validity_of_row(proc: Procuration) -> Validity | None:
    """A stored procuration's validity as the rules take it (None when its stored fields hold none)."""
    if proc.validity_kind == "SCRUTIN" and proc.election_id:
        return ScrutinValidity(proc.election_id, Rounds(proc.rounds or Rounds.BOTH.value))
    if proc.valid_from is not None and proc.valid_until is not None:
        return DurationValidity(proc.valid_from, proc.valid_until)
    return None


@dataclass(frozen=True, slots=True)
class Holdings:
    """The central store's procurations in force of one party (`role`), as answered for `key`; plain values.

    `state` is `lookup`'s (« en_ligne » when the central store answered) and `message` says so in French.
    """

    role: str
    key: tuple[str, ...]
    state: str
    message: str
    facts: tuple[ProcurationFacts, ...] = ()


# The mandataire's list the agent has not chosen yet: the form offers no default (business-rules audit, R-CHAN-A-5).
LIST_NOT_CHOSEN = ""


@dataclass(frozen=True, slots=True)
class PersonInput:
    """A person as typed or read: every field a plain string or date; `source` says how it was obtained."""

    nne: str = ""
    last_name: str = ""
    given_names: str = ""
    birth_date: date | None = None
    list_kind: str = ListKind.COMMUNALE.value
    commune: str = ""
    address: str = ""
    source: str = IdentitySource.SAISIE
    # The identity document presented, when read (chip or MRZ): its kind (IdDocumentKind) and its expiry, which
    # R-ID-DOC-1 judges at the save (a CNI or passport expired less than 5 years ago is accepted).
    document: str = ""
    document_expiry: date | None = None

    def __post_init__(self) -> None:
        # The texts as the act keeps them (composed, plain spaces): a name pasted from an e-mail is the one typed.
        for name in ("last_name", "given_names", "commune", "address"):
            object.__setattr__(self, name, typed_text(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class EstablishInput:
    """Everything the establish form holds."""

    channel: str = Channel.CERFA_12668.value
    mandant: PersonInput = field(default_factory=PersonInput)
    mandataire: PersonInput = field(default_factory=PersonInput)
    reference: str = ""
    requested_on: date | None = None
    form_version: str = ""
    validity_kind: str = "SCRUTIN"  # SCRUTIN or DUREE
    election_id: str = ""
    rounds: str = Rounds.BOTH.value
    valid_from: date | None = None
    valid_until: date | None = None
    home_visit: bool = False
    written_request: bool = False
    attestation: bool = False
    # The mandant's declaration (R-ELIG-1, L72-1): under tutelle, and the mandataire's relation to them among those
    # the law excludes ("" for none). Checked at the counter; no column keeps it (R-DATA-6 does not list it).
    under_protection: bool = False
    protection_relation: str = ""
    acknowledged: frozenset[str] = frozenset()  # rule ids of warnings the agent acknowledged
    decision_id: str = ""  # the supervisor's decision on the cases the spec sends to a human (services/supervision)
    # What the central store answered for the parties (services/national_check), read when it is for these identities.
    national: tuple[Holdings, ...] = ()


def protection_of(inp: EstablishInput) -> ProtectionDeclaration | None:
    """The rules' view of the declaration (R-ELIG-1): none unless the mandant declared being under tutelle."""
    if not inp.under_protection:
        return None
    try:
        relation = ProtectionRelation(inp.protection_relation) if inp.protection_relation else None
    except ValueError:
        relation = None
    return ProtectionDeclaration(True, relation)


def nne_of(p: PersonInput) -> str | None:
    """The NNE as stored and sent: separators removed when it is well formed, else as typed (the rules refuse it)."""
    try:
        return normalize_nne(p.nne) if p.nne.strip() else None
    except IdentifierError:
        return p.nne.strip()


def holdings_key(person: PersonInput) -> tuple[str, ...] | None:
    """What the central store is asked by for a party's procurations (services/national_check): a well-formed NNE
    and the birth date, else the name, the given names and the birth date; None while that is not typed yet."""
    if person.birth_date is None:
        return None
    day = person.birth_date.isoformat()
    if person.nne.strip():
        try:
            return ("nne", normalize_nne(person.nne), day)
        except IdentifierError:
            return None
    names = person.given_names.split()
    if person.last_name.strip() and names:
        return ("nom", person.last_name.strip().upper(), " ".join(names).upper(), day)
    return None


def input_violations(inp: EstablishInput) -> list[Violation]:
    """R-SAISIE-1: values the form offers as choices arrive as one of those choices (a value is never guessed)."""
    out: list[Violation] = []
    if inp.channel not in {c.value for c in Channel}:
        out.append(Violation(INPUT_RULE, _("Canal inconnu : choisissez le canal dans la liste."), "channel.kind"))
    for who, p in (("mandant", inp.mandant), ("mandataire", inp.mandataire)):
        if who == "mandataire" and p.list_kind == LIST_NOT_CHOSEN:
            out += _mandataire_list_required(inp.channel)
        elif p.list_kind == LIST_NOT_CHOSEN:  # abroad, the form starts on « Liste à choisir » (views/identity)
            text = _(
                "Choisissez la liste électorale du mandant : la liste consulaire ou celle d'une commune en France "
                "(le nombre de procurations que son mandataire peut recevoir en dépend)."
            )
            out.append(Violation("R-LIMIT-3", text, "mandant.list_kind"))
        elif p.list_kind not in {k.value for k in ListKind}:
            out.append(
                Violation(
                    INPUT_RULE,
                    _("Liste du {who} inconnue : choisissez-la dans la liste.").format(who=who),
                    f"{who}.list_kind",
                )
            )
    if inp.validity_kind not in ("SCRUTIN", "DUREE") or inp.rounds not in {r.value for r in Rounds}:
        out.append(Violation(INPUT_RULE, _("Validité inconnue : choisissez-la dans la liste."), "validity.election"))
    return out


def _mandataire_list_required(channel: str) -> list[Violation]:
    """R-CHAN-A-5: a Maprocuration act needs the mandataire's list as the agent chose it (an NC one refuses the online
    request); the paper forms do not ask it, and it is then sent as not said (never taken for « communale »)."""
    if channel != Channel.MAPROCURATION.value:
        return []
    text = _(
        "Choisissez la liste électorale du mandataire, indiquée dans la demande en ligne : un mandataire inscrit en "
        "Nouvelle-Calédonie ne peut pas être désigné en ligne."
    )
    return [Violation("R-CHAN-A-5", text, "mandataire.list_kind")]


def reference_of(ctx: ServiceContext, text: str) -> str | None:
    """The Maprocuration reference as stored and sent: normalised when well formed, else as typed (refused)."""
    if not text.strip():
        return None
    try:
        return normalize_reference(text, pattern=ctx.rules_settings.reference_pattern)
    except IdentifierError:
        return text.strip().upper()


def identity(p: PersonInput) -> Identity:
    """A person as the wire carries them."""
    from desktop.sync.wire import Identity  # the wire's models: imported once the store is ready (views/loading.py)

    assert p.birth_date is not None
    # A mandataire identified by NNE and birth date may come without names: the wire needs a non-blank text
    # (before, the blank name was queued and the sync stopped on it as an unreadable outbox entry).
    prenoms = wire_given_names(p.given_names) or ("-",)
    return Identity(
        nom=wire_surname(p.last_name) or "-",
        prenoms=prenoms,
        date_naissance=p.birth_date,
        nne=nne_of(p),
        inscription=p.commune.strip() or None,
        list_kind=p.list_kind or None,  # a mandataire's list not chosen is not said (LIST_NOT_CHOSEN)
    )


def outbox_body(
    ctx: ServiceContext, inp: EstablishInput, new: NewProcuration, record_id: str, validity: Validity
) -> ProcurationEtablie:
    """The wire body of a new procuration (raises the wire's validation error when a value would be refused)."""
    from desktop.sync.wire import Authority, ProcurationEtablie

    return ProcurationEtablie(
        id=record_id,
        mandant=identity(inp.mandant),
        mandataire=identity(inp.mandataire),
        channel=new.channel.kind.value,
        place_kind=new.place.kind.value,
        established_in=established_in(new).value,
        authority=Authority(
            kind=new.authority.capacity.value, id=ctx.actor.agent_id or "inconnu", label=ctx.agent.capacity_label
        ),
        validity=wire_validity(validity),
        agent_id=ctx.actor.agent_id or "inconnu",
        reference=new.channel.reference if new.channel.kind is Channel.MAPROCURATION else None,
        visa_opj=visa_opj(ctx),
    )


def visa_opj(ctx: ServiceContext) -> str | None:
    """The OPJ whose visa a délégué OPJ's act bears, for the central store to check (R-AUTH-3); None otherwise."""
    visa = ctx.agent.visa_by
    return visa.agent_id if ctx.agent.needs_visa and visa is not None else None


def wire_validity(v: Validity) -> ValidityScrutin | ValidityDuree:
    """The validity as the wire carries it."""
    from desktop.sync.wire import ValidityDuree, ValidityScrutin

    if isinstance(v, ScrutinValidity):
        return ValidityScrutin(election_id=v.election_id, rounds=v.rounds.value)
    return ValidityDuree(start=v.start, end=v.end)


def form_to_json(form: EstablishInput) -> str:
    """The act as JSON (dates as ISO text)."""

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, frozenset):
            return sorted(value)
        return value

    data = asdict(replace(form, national=()))  # what the central store answered is no part of the act
    data.pop("national")
    for who in ("mandant", "mandataire"):
        data[who] = {k: plain(v) for k, v in data[who].items()}
    return json.dumps({k: plain(v) for k, v in data.items()}, ensure_ascii=False, sort_keys=True)


def decided_form(form: EstablishInput) -> str:
    """The act a supervisor decides on, as kept with the decision: a decision covers this form only (counter audit:
    one accepted for one mandant was used to establish another's)."""
    return form_to_json(replace(form, decision_id="", acknowledged=frozenset()))
