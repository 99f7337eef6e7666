"""Plain data shared by every rule module: enums, validity, procuration facts, violations and decisions.

These names are a stable API: the counter services and the central store (``central/``) build these values from
their own records and hand them to the rule functions. Everything is frozen; nothing here reads a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from desktop.i18n import N_, _

Severity = Literal["erreur", "avertissement", "decision_superviseur"]
ERREUR: Severity = "erreur"
AVERTISSEMENT: Severity = "avertissement"
# The spec hands the case to a human (R-ELIG-4, R-HOME-4): the act waits for a supervisor's accepted/refused.
DECISION_SUPERVISEUR: Severity = "decision_superviseur"


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: its id, a French sentence for the agent, the form field it belongs to, its severity."""

    rule_id: str
    message: str
    field: str | None = None
    severity: Severity = ERREUR

    @property
    def blocking(self) -> bool:
        """True when the procuration must not be saved while this violation stands."""
        return self.severity == ERREUR

    @property
    def needs_supervisor(self) -> bool:
        """True when the spec sends this case to a supervisor: the agent alone can neither clear nor refuse it."""
        return self.severity == DECISION_SUPERVISEUR


# The parties a message names (« du mandant »); the field keys keep the French word, messages show ``party_name``.
PARTY_NAMES = {"mandant": N_("mandant"), "mandataire": N_("mandataire"), "demandeur": N_("demandeur")}


def party_name(who: str) -> str:
    """The party ``who`` (``mandant``, ``mandataire``, ``demandeur``) as a message names it, in the current language."""
    return _(PARTY_NAMES[who]) if who in PARTY_NAMES else who


def needs_supervisor(violations: list[Violation] | tuple[Violation, ...]) -> tuple[Violation, ...]:
    """The violations that wait for a supervisor's decision."""
    return tuple(v for v in violations if v.needs_supervisor)


def has_errors(violations: list[Violation] | tuple[Violation, ...]) -> bool:
    """True when at least one violation is blocking."""
    return any(v.severity == ERREUR for v in violations)


class ListKind(StrEnum):
    """The electoral list a voter is registered on (spec §0)."""

    COMMUNALE = "communale"
    COMPLEMENTAIRE_MUN = "complementaire_municipale"
    COMPLEMENTAIRE_EUR = "complementaire_europeenne"
    # An EU citizen registered on both complementary lists.
    COMPLEMENTAIRE_MUN_EUR = "complementaire_municipale_europeenne"
    CONSULAIRE = "consulaire"
    NC = "nouvelle_caledonie"

    @property
    def is_complementary(self) -> bool:
        """True for the lists of EU citizens (R-ELIG-2)."""
        return self in _COMPLEMENTARY


_COMPLEMENTARY = frozenset({ListKind.COMPLEMENTAIRE_MUN, ListKind.COMPLEMENTAIRE_EUR, ListKind.COMPLEMENTAIRE_MUN_EUR})


class EstablishedIn(StrEnum):
    """Where a procuration was drawn up (not the mandant's list); EN_LIGNE is the France Identité path."""

    FRANCE = "france"
    ETRANGER = "etranger"
    # Fully online (R-CHAN-A-7): counted as France or abroad by LimitsPolicy (R-LIMIT-9).
    EN_LIGNE = "en_ligne"


class Rounds(StrEnum):
    """Rounds of a single scrutin a procuration covers (R-VALID-2)."""

    T1 = "T1"
    T2 = "T2"
    BOTH = "T1_T2"


class ElectionType(StrEnum):
    """Kinds of scrutin held in the calendar."""

    PRESIDENTIELLE = "presidentielle"
    LEGISLATIVES = "legislatives"
    EUROPEENNES = "europeennes"
    MUNICIPALES = "municipales"
    DEPARTEMENTALES = "departementales"
    REGIONALES = "regionales"
    REFERENDUM = "referendum"
    CONSULAIRES = "consulaires"


@dataclass(frozen=True, slots=True)
class ScrutinValidity:
    """A procuration for one scrutin of the calendar and the rounds it covers (R-VALID-2)."""

    election_id: str
    rounds: Rounds


@dataclass(frozen=True, slots=True)
class DurationValidity:
    """A procuration for a fixed period, both ends inclusive (R-VALID-4)."""

    start: date
    end: date


Validity = ScrutinValidity | DurationValidity


@dataclass(frozen=True, slots=True)
class ProcurationFacts:
    """What the limits (§3) need to know about one procuration, whoever stores it.

    `mandant_key` / `mandataire_key` identify persons (NNE when known, else any stable id). `revoked_at` is when
    the revocation was recorded (R-REVOKE-8). `annulled_at` covers death or loss of civic rights (R-ELIG-5).
    `void_other` is True when the record was invalidated for a reason other than L73 or R-VALID-6 (e.g. the REU
    found the mandant unregistered): such a record never counts. `kept` is True for a procuration accepted by an
    earlier decision that this one must not judge again (the central store's procurations established before a
    batch's first change, `central/decide.py`): it counts against later ones as it stands.
    """

    id: str
    mandant_key: str
    mandataire_key: str
    established_at: datetime
    established_in: EstablishedIn
    mandant_list: ListKind
    validity: Validity
    revoked_at: datetime | None = None
    annulled_at: datetime | None = None
    void_other: bool = False
    kept: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """The L73 verdict on one procuration: valid, or void with the rule id and the vote date that broke it.

    `blocked_since` is the establishment time of the earliest procuration that kept the slot (R-LIMIT-4): the
    message names that time, never the other procuration's parties.
    """

    valid: bool
    rule_id: str | None = None
    vote_date: date | None = None
    blocked_by: tuple[str, ...] = ()
    blocked_since: datetime | None = None

    @property
    def void(self) -> bool:
        """True when the procuration is nulle de plein droit."""
        return not self.valid


VALID = Decision(valid=True)
