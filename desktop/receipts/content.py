"""What a receipt says: plain frozen data filled by the counter services and read by the renderers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.rules.ivote import Credential
from desktop.rules.names import fold_name
from desktop.rules.terms import PlaceKind, Status

MAX_NUMBER_LENGTH = 32
MAX_PLACE_CODE_LENGTH = 16

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class ReceiptKind(StrEnum):
    """The procedures a counter hands a receipt for."""

    PROCURATION = "procuration"
    RESILIATION = "resiliation"
    PASSEPORT = "passeport"
    VOTE_INTERNET = "vote_internet"


KIND_TITLES: dict[ReceiptKind, str] = {
    ReceiptKind.PROCURATION: "Récépissé d'établissement de procuration de vote",
    ReceiptKind.RESILIATION: "Récépissé de résiliation de procuration de vote",
    ReceiptKind.PASSEPORT: "Attestation d'étape : renouvellement de passeport à distance",
    # The service names the credential renewed (IVOTE_TITLES); this one is for a receipt that does not.
    ReceiptKind.VOTE_INTERNET: "Attestation : renouvellement de l'identifiant ou du mot de passe de vote par internet",
}

# R-IVOTE-5: the identifier and the password are two separate renewals, each titled as what it renews.
IVOTE_TITLES: dict[Credential, str] = {
    Credential.IDENTIFIANT: "Attestation : renouvellement de l'identifiant de vote par internet",
    Credential.MOT_DE_PASSE: "Attestation : renouvellement du mot de passe de vote par internet",
}

KIND_SHORT: dict[ReceiptKind, str] = {
    ReceiptKind.PROCURATION: "Procuration de vote",
    ReceiptKind.RESILIATION: "Résiliation de procuration",
    ReceiptKind.PASSEPORT: "Renouvellement de passeport",
    ReceiptKind.VOTE_INTERNET: "Identifiant ou mot de passe de vote par internet",
}

# Who the main party is, per procedure: the mandant for proxies, the applicant otherwise.
MAIN_PARTY_LABELS: dict[ReceiptKind, str] = {
    ReceiptKind.PROCURATION: "Mandant",
    ReceiptKind.RESILIATION: "Mandant",
    ReceiptKind.PASSEPORT: "Demandeur",
    ReceiptKind.VOTE_INTERNET: "Électeur",
}

# R-REVOKE-2, in the seed's words (« la résiliation de toutes les procurations établies précédemment »): a
# résiliation ends them wherever they were established; the central store ends those of other counters.
RESILIATION_SCOPE = "Toutes les procurations établies précédemment par le mandant, à ce guichet ou ailleurs"


def resiliation_count_text(here: int) -> str:
    """« Toutes, dont 2 enregistrées à ce guichet »: the whole scope, and the share this counter ended (the number
    ended at other counters is not known here, so it is never stated)."""
    if here <= 0:
        return "Toutes, dont aucune enregistrée à ce guichet"
    return f"Toutes, dont {here} enregistrée{'s' if here > 1 else ''} à ce guichet"


PROVISIONAL_BANNER = "PROVISOIRE — en attente de confirmation par le répertoire central"
DUPLICATE_MARK = "DUPLICATA"


class ReceiptContentError(ValueError):
    """A receipt was built with values a renderer cannot print faithfully."""


@dataclass(frozen=True, slots=True)
class Place:
    """The station's place: its kind, its public name and a short code (INSEE code, post code)."""

    kind: PlaceKind
    name: str
    code: str
    timezone: str = "Europe/Paris"

    @property
    def label(self) -> str:
        """French label of the kind of place."""
        return self.kind.label


@dataclass(frozen=True, slots=True)
class Authority:
    """The agent who establishes, with the capacity written on the form (R-AUTH-5)."""

    agent_name: str
    capacity: str


@dataclass(frozen=True, slots=True)
class Party:
    """A person as the procedure needs them on paper (minimised, R-DATA-6); the NNE is never printed in full."""

    nom: str
    prenoms: str
    date_naissance: date | None = None
    nne: str | None = None

    @property
    def display_name(self) -> str:
        """Surname in capitals then given names, as on French official documents."""
        return f"{self.nom.upper()} {self.prenoms}".strip()

    @property
    def masked_nne(self) -> str | None:
        """The NNE with all but its last three digits hidden."""
        return mask_nne(self.nne) if self.nne else None


@dataclass(frozen=True, slots=True)
class Receipt:
    """Everything printed on one receipt; services fill it with plain values."""

    number: str
    kind: ReceiptKind
    place: Place
    authority: Authority
    issued_at: datetime
    status: Status
    mandant: Party
    mandataire: Party | None = None
    validity: str = ""
    details: tuple[tuple[str, str], ...] = ()
    next_steps: tuple[str, ...] = ()
    duplicate: bool = False
    heading: str = ""  # the title when the kind's own says too little (the credential an internet-vote receipt renews)

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ReceiptContentError("issued_at must be an aware datetime")
        number = self.number.strip()
        if not number or len(number.encode("utf-8")) > MAX_NUMBER_LENGTH:
            raise ReceiptContentError(f"receipt number must be 1 to {MAX_NUMBER_LENGTH} bytes")
        code = self.place.code.strip()
        if not code or len(code.encode("utf-8")) > MAX_PLACE_CODE_LENGTH:
            raise ReceiptContentError(f"place code must be 1 to {MAX_PLACE_CODE_LENGTH} bytes")
        _zone(self.place.timezone)  # fail at construction, not at print time

    @property
    def provisional(self) -> bool:
        """True while the central store has not confirmed the record."""
        return self.status is Status.PROVISOIRE

    @property
    def title(self) -> str:
        """French document title: the receipt's own heading, else its kind's."""
        return self.heading or KIND_TITLES[self.kind]

    @property
    def local_issued_at(self) -> datetime:
        """Issue time in the station's zone, as printed."""
        return self.issued_at.astimezone(_zone(self.place.timezone))

    def as_duplicate(self) -> Receipt:
        """The same receipt marked DUPLICATA, for a reprint."""
        return replace(self, duplicate=True)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ReceiptContentError(f"unknown time zone {name!r}") from exc


def mask_nne(nne: str) -> str:
    """Hide an elector number but its last three characters (never print it in full)."""
    digits = "".join(ch for ch in nne if not ch.isspace())
    if len(digits) <= 3:
        return "*" * len(digits)
    return "*" * (len(digits) - 3) + digits[-3:]


def format_date_fr(value: date) -> str:
    """A date the French way: « 1er mars 2026 »."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def format_datetime_fr(value: datetime) -> str:
    """A local date and time the French way: « 12 mars 2026 à 14 h 05 »."""
    return f"{format_date_fr(value.date())} à {value.hour} h {value.minute:02d}"


def format_short_date(value: date) -> str:
    """A compact numeric date: 12/03/2026."""
    return value.strftime("%d/%m/%Y")


def normalise_identity_text(value: str) -> str:
    """The compared form of a name (`desktop.rules.names.fold_name`, the one fold of the counter and the central
    store), so the same person always yields the same digest and the same `electors.search_name`; never printed."""
    return fold_name(value)
