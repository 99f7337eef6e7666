"""Facts of a procuration being drawn up at the counter: parties, channel, place, authority, home visit.

The counter services fill these from the form and the station profile, then call
:func:`desktop.rules.counter.check_new_procuration`. Unknown facts stay ``None``: a rule that needs them is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desktop.rules.types import ListKind, Validity


@dataclass(frozen=True, slots=True)
class Elector:
    """A voter as the form knows him or her; `commune` is the commune or consulate of registration."""

    nne: str | None = None
    last_name: str = ""
    given_names: str = ""
    birth_date: date | None = None
    list_kind: ListKind = ListKind.COMMUNALE
    commune: str | None = None
    address: str | None = None
    registered: bool | None = None
    has_civic_rights: bool | None = None
    deceased: bool = False


class Channel(StrEnum):
    """How the procuration reaches the counter (spec §1.2-1.5)."""

    MAPROCURATION = "maprocuration"
    CERFA_14952 = "cerfa_14952"
    CERFA_12668 = "cerfa_12668"
    CERFA_16199 = "cerfa_16199"
    EN_LIGNE = "en_ligne"


# The current version of each form (R-CHAN-B-1, R-CHAN-C-1, R-NC-1).
FORM_VERSIONS = {
    Channel.CERFA_14952: "14952*03",
    Channel.CERFA_12668: "12668*03",
    Channel.CERFA_16199: "16199*01",
}


@dataclass(frozen=True, slots=True)
class ChannelFacts:
    """The channel, the Maprocuration reference and request date, and the cerfa version read on the form."""

    kind: Channel
    reference: str | None = None
    requested_on: date | None = None
    form_version: str | None = None


class PlaceKind(StrEnum):
    """Where the counter is (spec §2.1)."""

    COMMISSARIAT = "commissariat"
    GENDARMERIE = "gendarmerie"
    LIEU_PREFET = "lieu_prefet"
    TRIBUNAL = "tribunal_judiciaire"
    CONSULAT = "consulat"
    AMBASSADE = "ambassade"
    CONSUL_HONORAIRE = "consul_honoraire"

    @property
    def abroad(self) -> bool:
        """True for the consular network (procurations established abroad)."""
        return self in (PlaceKind.CONSULAT, PlaceKind.AMBASSADE, PlaceKind.CONSUL_HONORAIRE)


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    """The station's place; opening windows come from the préfet's arrêté (R-PLACE-2)."""

    kind: PlaceKind
    opening_windows: tuple[tuple[datetime, datetime], ...] = ()
    tribunal_of_residence_or_work: bool | None = None
    honorary_consul_french: bool | None = None


class Capacity(StrEnum):
    """The capacity (qualité) of the establishing authority (spec §2.2)."""

    MAGISTRAT = "magistrat"
    DIRECTEUR_GREFFE = "directeur_greffe"
    MAGISTRAT_DESIGNE_PP = "magistrat_designe_premier_president"
    OPJ = "opj"
    APJ = "apj"
    RESERVISTE_APJ = "reserviste_apj"
    DELEGUE_OPJ = "delegue_opj"
    MAIRE = "maire"
    ADJOINT = "adjoint"
    AMBASSADEUR = "ambassadeur"
    CHEF_POSTE = "chef_de_poste_consulaire"
    AGENT_CONSULAIRE = "agent_consulaire_delegue"
    CONSUL_HONORAIRE = "consul_honoraire"


@dataclass(frozen=True, slots=True)
class AuthorityFacts:
    """Who establishes: capacity, designation by the judge, and for a delegate who designated him and the visa."""

    capacity: Capacity
    designated_by_judge: bool = True
    delegated_by: Capacity | None = None
    visa_of_delegating_opj: bool = False
    consular_delegation: bool = True


@dataclass(frozen=True, slots=True)
class HomeVisit:
    """A visit at home or in a care establishment (spec §2.3)."""

    written_request: bool = False
    attestation: bool = False


class ProtectionRelation(StrEnum):
    """Relations a majeur protégé cannot designate (L72-1, R-ELIG-1)."""

    MANDATAIRE_JUDICIAIRE = "mandataire_judiciaire"
    ETABLISSEMENT = "etablissement_ou_service"
    SALARIE_DOMICILE = "salarie_a_domicile"


@dataclass(frozen=True, slots=True)
class ProtectionDeclaration:
    """The mandant's declaration: under protection or not, and the mandataire's declared relation, if any."""

    under_protection: bool
    relation: ProtectionRelation | None = None


@dataclass(frozen=True, slots=True)
class NewProcuration:
    """Everything the counter knows about a procuration before saving it."""

    id: str
    mandant: Elector
    mandataire: Elector
    channel: ChannelFacts
    place: PlaceFacts
    authority: AuthorityFacts
    validity: Validity | None
    home_visit: HomeVisit | None = None
    protection: ProtectionDeclaration | None = None
