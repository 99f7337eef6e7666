"""The domain's vocabulary, one enum per term: place kind, role, capacity, record status, channel, identity source.

Each value is the string stored in the local database, the settings file and the sync wire; each member carries its
French label (`.label`) so every screen, receipt and message names it the same way; `.shown_label` is that
label in the agent's language (gettext), for screens and messages, never for receipts. Stdlib only: the rules, the
services, the views and the central store all import these.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from desktop.i18n import N_, _


class PlaceKind(StrEnum):
    """Where the counter stands (spec §2.1, R-PLACE-*); the station profile's `station_kind`."""

    COMMISSARIAT = "commissariat"
    BRIGADE_GENDARMERIE = "brigade_gendarmerie"
    LIEU_PREFET = "lieu_prefet"
    TRIBUNAL_JUDICIAIRE = "tribunal_judiciaire"
    CONSULAT = "consulat"
    AMBASSADE = "ambassade"
    CONSUL_HONORAIRE = "consul_honoraire"

    @property
    def label(self) -> str:
        """French name of the kind of place, as printed on receipts."""
        return _PLACE_LABELS[self]

    @property
    def shown_label(self) -> str:
        """The label on screen, in the agent's language (``label`` stays French: receipts print it)."""
        return _(_PLACE_LABELS[self])

    @property
    def abroad(self) -> bool:
        """True for the consular network (procurations established abroad)."""
        return self in _ABROAD_PLACES


_ABROAD_PLACES = frozenset({PlaceKind.CONSULAT, PlaceKind.AMBASSADE, PlaceKind.CONSUL_HONORAIRE})
_PLACE_LABELS = {
    PlaceKind.COMMISSARIAT: N_("Commissariat de police"),
    PlaceKind.BRIGADE_GENDARMERIE: N_("Brigade de gendarmerie"),
    PlaceKind.LIEU_PREFET: N_("Lieu désigné par le préfet"),
    PlaceKind.TRIBUNAL_JUDICIAIRE: N_("Tribunal judiciaire"),
    PlaceKind.CONSULAT: N_("Consulat de France"),
    PlaceKind.AMBASSADE: N_("Ambassade de France"),
    PlaceKind.CONSUL_HONORAIRE: N_("Consul honoraire de France"),
}


class Role(StrEnum):
    """What an agent account is for (R-AUTH-*, R-DATA-3); stored on the account."""

    AGENT_POLICE = "agent_police"  # police or gendarmerie: OPJ, APJ, réserviste APJ, délégué OPJ
    AGENT_CONSULAIRE = "agent_consulaire"
    SUPERVISEUR = "superviseur"  # chef de poste, officier
    ADMINISTRATEUR = "administrateur"  # manages accounts, never sees procurations

    @property
    def label(self) -> str:
        """French name of the role."""
        return _ROLE_LABELS[self]

    @property
    def shown_label(self) -> str:
        """The label on screen, in the agent's language (``label`` stays French: receipts print it)."""
        return _(_ROLE_LABELS[self])


_ROLE_LABELS = {
    Role.AGENT_POLICE: N_("Agent de police ou de gendarmerie"),
    Role.AGENT_CONSULAIRE: N_("Agent consulaire"),
    Role.SUPERVISEUR: N_("Superviseur (chef de poste, officier)"),
    Role.ADMINISTRATEUR: N_("Administrateur"),
}


class Capacity(StrEnum):
    """The capacity (qualité) of an agent, hence of the establishing authority (spec §2.2, R-AUTH-1..5)."""

    OPJ = "opj"
    APJ = "apj"
    RESERVISTE_APJ = "reserviste_apj"
    DELEGUE_OPJ = "delegue_opj"
    CHEF_POSTE = "chef_de_poste_consulaire"
    AGENT_CONSULAIRE = "agent_consulaire_delegue"
    AMBASSADEUR = "ambassadeur"
    CONSUL_HONORAIRE = "consul_honoraire"
    MAGISTRAT = "magistrat"
    DIRECTEUR_GREFFE = "directeur_greffe"
    MAGISTRAT_DESIGNE_PP = "magistrat_designe_premier_president"
    MAIRE = "maire"
    ADJOINT = "adjoint"
    OFFICIER = "officier"  # a supervisor without an establishing capacity
    ADMINISTRATEUR = "administrateur"

    @property
    def label(self) -> str:
        """French name of the capacity, as written on the form and the receipt (R-AUTH-5)."""
        return _CAPACITY_LABELS[self]

    @property
    def shown_label(self) -> str:
        """The label on screen, in the agent's language (``label`` stays French: receipts print it)."""
        return _(_CAPACITY_LABELS[self])

    @property
    def for_accounts(self) -> bool:
        """True for the capacities an agent account of Guichet may be given."""
        return self not in _NOT_ACCOUNTS

    @classmethod
    def parse(cls, text: str) -> Capacity | None:
        """The capacity a stored or typed text names (« OPJ », « Réserviste APJ », older long forms), or None."""
        key = _plain(text)
        for cap in cls:
            if key in (_plain(cap.value), _plain(cap.name)):
                return cap
        return _CAPACITY_ALIASES.get(key)


_NOT_ACCOUNTS = frozenset(
    {Capacity.MAGISTRAT, Capacity.DIRECTEUR_GREFFE, Capacity.MAGISTRAT_DESIGNE_PP, Capacity.MAIRE, Capacity.ADJOINT}
)
_CAPACITY_LABELS = {
    Capacity.OPJ: N_("OPJ"),
    Capacity.APJ: N_("APJ"),
    Capacity.RESERVISTE_APJ: N_("Réserviste ayant la qualité d'APJ"),
    Capacity.DELEGUE_OPJ: N_("Délégué d'OPJ (visa de l'OPJ requis)"),
    Capacity.CHEF_POSTE: N_("Chef de poste consulaire"),
    Capacity.AGENT_CONSULAIRE: N_("Agent consulaire délégué"),
    Capacity.AMBASSADEUR: N_("Ambassadeur"),
    Capacity.CONSUL_HONORAIRE: N_("Consul honoraire de nationalité française"),
    Capacity.MAGISTRAT: N_("Magistrat"),
    Capacity.DIRECTEUR_GREFFE: N_("Directeur des services de greffe judiciaires"),
    Capacity.MAGISTRAT_DESIGNE_PP: N_("Magistrat désigné par le premier président"),
    Capacity.MAIRE: N_("Maire"),
    Capacity.ADJOINT: N_("Adjoint au maire"),
    Capacity.OFFICIER: N_("Officier (supervision)"),
    Capacity.ADMINISTRATEUR: N_("Administrateur"),
}


def _plain(text: str) -> str:
    """Lower-case, accent-free, words joined by '_': 'Réserviste  APJ' and 'reserviste_apj' are the same."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join(plain.replace("-", " ").replace("_", " ").replace("'", " ").split())


# Long forms accounts were once created with (the roles table before one Capacity existed).
_CAPACITY_ALIASES = {
    "chef_de_poste": Capacity.CHEF_POSTE,
    "agent_delegue": Capacity.AGENT_CONSULAIRE,
    "agent_consulaire": Capacity.AGENT_CONSULAIRE,
    "consul_honoraire_francais": Capacity.CONSUL_HONORAIRE,
    "delegue_d_opj": Capacity.DELEGUE_OPJ,
}


class Status(StrEnum):
    """Where a record stands: set by the counter (provisoire, enregistree), then by the central store's verdicts."""

    PROVISOIRE = "provisoire"
    VALIDEE = "validee"
    INVALIDEE = "invalidee"
    RESILIEE = "resiliee"
    EXPIREE = "expiree"
    ANNULEE = "annulee"  # R-ELIG-5: the mandataire died or lost civic rights; the mandant designates another
    ENREGISTREE = "enregistree"  # a renewal step recorded by the counter; nothing for the central store to decide

    @property
    def label(self) -> str:
        """French label (lists, receipts)."""
        return _STATUS_LABELS[self]

    @property
    def shown_label(self) -> str:
        """The label on screen, in the agent's language (``label`` stays French: receipts print it)."""
        return _(_STATUS_LABELS[self])

    @property
    def in_force(self) -> bool:
        """A procuration that counts and can be revoked: provisional or validated."""
        return self in (Status.PROVISOIRE, Status.VALIDEE)

    @property
    def is_verdict(self) -> bool:
        """A status the central store may answer with."""
        return self not in (Status.PROVISOIRE, Status.ENREGISTREE)

    @property
    def never_in_force(self) -> bool:
        """Refused before it ever counted (an « annulée » one counted until R-ELIG-5 annulled it)."""
        return self is Status.INVALIDEE


_STATUS_LABELS = {
    Status.PROVISOIRE: N_("Provisoire"),
    Status.VALIDEE: N_("Validée"),
    Status.INVALIDEE: N_("Invalidée"),
    Status.RESILIEE: N_("Résiliée"),
    Status.EXPIREE: N_("Expirée"),
    Status.ANNULEE: N_("Annulée"),
    Status.ENREGISTREE: N_("Enregistrée"),
}

IN_FORCE = tuple(s.value for s in Status if s.in_force)
"""The stored values of the in-force statuses, for SQL `IN (...)` filters."""
VERDICTS = tuple(s.value for s in Status if s.is_verdict)
"""The stored values the central store may answer with."""


class Channel(StrEnum):
    """How the procuration reaches the counter (spec §1.2-1.5); members in the order the establish form offers."""

    CERFA_12668 = "cerfa_12668"
    CERFA_14952 = "cerfa_14952"
    MAPROCURATION = "maprocuration"
    CERFA_16199 = "cerfa_16199"
    EN_LIGNE = "en_ligne"  # fully online through France Identité (R-CHAN-A-7): never at a counter

    @property
    def label(self) -> str:
        """French label, the same on the form, in lists and on receipts."""
        return _CHANNEL_LABELS[self]

    @property
    def shown_label(self) -> str:
        """The label on screen, in the agent's language (``label`` stays French: receipts print it)."""
        return _(_CHANNEL_LABELS[self])

    @property
    def at_counter(self) -> bool:
        """True for the channels an agent picks at the counter."""
        return self is not Channel.EN_LIGNE

    @property
    def form_version(self) -> str | None:
        """The current version of the cerfa form (R-CHAN-B-1, R-CHAN-C-1, R-NC-1); None without a form."""
        return _FORM_VERSIONS.get(self)


_FORM_VERSIONS = {Channel.CERFA_14952: "14952*03", Channel.CERFA_12668: "12668*03", Channel.CERFA_16199: "16199*01"}
# Each label starts with its own word, so the form's list is picked by its first letter (M, G, I, N).
_CHANNEL_LABELS = {
    Channel.CERFA_12668: N_("Guichet (cerfa n° 12668*03)"),
    Channel.CERFA_14952: N_("Imprimé (cerfa n° 14952*03)"),
    Channel.MAPROCURATION: N_("Maprocuration (demande en ligne)"),
    Channel.CERFA_16199: N_("Nouvelle-Calédonie (cerfa n° 16199*01)"),
    Channel.EN_LIGNE: N_("En ligne (France Identité)"),
}


class IdentitySource(StrEnum):
    """How the mandant's identity was taken at the counter: the value stored with the elector (`identity_verified`)
    and carried by the form (`PersonInput.source`)."""

    PUCE = "puce"  # read from the chip and proven: DG1's hash and the document's signature verified
    PUCE_NON_VERIFIEE = "puce_non_verifiee"  # read from a chip whose authenticity was not established
    MRZ = "mrz"  # a scanned or typed MRZ, its check digits right
    SAISIE = "saisie"  # typed by the agent from the document
    DEMANDE = "demande"  # from an online request, still to be checked against the document

    @property
    def shown_label(self) -> str:
        """How the identity was taken, on screen in the agent's language (the review before saving)."""
        return _(_IDENTITY_SOURCE_LABELS[self])


_IDENTITY_SOURCE_LABELS = {
    IdentitySource.PUCE: N_("lue sur la puce : données authentiques"),
    IdentitySource.PUCE_NON_VERIFIEE: N_(
        "lue sur une puce dont l'authenticité n'est pas établie : document contrôlé à l'œil"
    ),
    IdentitySource.MRZ: N_("lue dans la zone MRZ du document"),
    IdentitySource.SAISIE: N_("saisie d'après le document présenté"),
    IdentitySource.DEMANDE: N_("reprise de la demande en ligne"),
}


def status_label(value: str) -> str:
    """The French label of a stored or received status; a value this version does not know is shown as it is."""
    try:
        return Status(value).label
    except ValueError:
        return value


def channel_label(value: str) -> str:
    """The French label of a stored or received channel; a value this version does not know is shown as it is."""
    try:
        return Channel(value).label
    except ValueError:
        return value


def shown_status_label(value: str) -> str:
    """``status_label`` on screen, in the agent's language (receipts keep ``status_label``: French)."""
    try:
        return Status(value).shown_label
    except ValueError:
        return value


def shown_channel_label(value: str) -> str:
    """``channel_label`` on screen, in the agent's language (receipts keep ``channel_label``: French)."""
    try:
        return Channel(value).shown_label
    except ValueError:
        return value
