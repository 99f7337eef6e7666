"""Facts of a procuration being drawn up at the counter: parties, channel, place, authority, home visit.

The counter services fill these from the form and the station profile, then call
:func:`desktop.rules.counter.check_new_procuration`. Unknown facts stay ``None``: a rule that needs them is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from enum import StrEnum

from desktop.i18n import _
from desktop.rules.terms import Capacity, Channel, PlaceKind
from desktop.rules.types import ListKind, Validity

__all__ = [
    "AuthorityFacts",
    "Capacity",
    "Channel",
    "ChannelFacts",
    "Elector",
    "HomeVisit",
    "PlaceFacts",
    "PlaceKind",
]


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


@dataclass(frozen=True, slots=True)
class ChannelFacts:
    """The channel, the Maprocuration reference and request date, and the cerfa version read on the form."""

    kind: Channel
    reference: str | None = None
    requested_on: date | None = None
    form_version: str | None = None


@dataclass(frozen=True, slots=True)
class OpeningPeriod:
    """One period of a préfet's arrêté (R-PLACE-2): from `start` to `end` (inclusive), open during `hours`."""

    start: date
    end: date
    hours: tuple[tuple[time, time], ...]
    tz: tzinfo | None = None  # the station's time zone: the arrêté's hours are local wall-clock hours

    def open_at(self, moment: datetime) -> bool:
        """True when `moment` (in the station's local time) falls on a day of the period, within one of its ranges."""
        if self.tz is not None and moment.tzinfo is not None:
            moment = moment.astimezone(self.tz)
        if not self.start <= moment.date() <= self.end:
            return False
        at = moment.time().replace(tzinfo=None)
        return any(a <= at <= b for a, b in self.hours)

    def describe(self) -> str:
        """« du 01/12/2026 au 15/12/2026, de 09:00 à 12:00 et de 14:00 à 18:00 »."""
        days = (
            _("le {start}").format(start=self.start.strftime("%d/%m/%Y"))
            if self.start == self.end
            else _("du {start} au {end}").format(
                start=self.start.strftime("%d/%m/%Y"), end=self.end.strftime("%d/%m/%Y")
            )
        )
        ranges = _(" et ").join(
            _("de {a} à {b}").format(a=a.strftime("%H:%M"), b=b.strftime("%H:%M")) for a, b in self.hours
        )
        return f"{days}, {ranges}" if ranges else days


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    """The station's place; opening windows or periods come from the préfet's arrêté (R-PLACE-2)."""

    kind: PlaceKind
    opening_windows: tuple[tuple[datetime, datetime], ...] = ()
    opening_periods: tuple[OpeningPeriod, ...] = ()
    tribunal_of_residence_or_work: bool | None = None
    honorary_consul_french: bool | None = None
    # The station's time zone: the day of establishment is its local day (R-TIME-1 « jusqu'au jour du vote »,
    # R-VALID-4), not UTC's (a consulate in Toronto at 21:00 on the vote day is already the next day in UTC).
    tz: tzinfo | None = None

    def local_day(self, moment: datetime) -> date:
        """The station's calendar day at `moment` (UTC's when no zone is known)."""
        if self.tz is not None and moment.tzinfo is not None:
            moment = moment.astimezone(self.tz)
        return moment.date()


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
