"""What a look-up returns, row by row: shared by the local look-up (lookup_local.py) and the service (lookup.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.i18n import _
from desktop.rules.annulment import TELL_MANDANT
from desktop.rules.terms import IN_FORCE, Status
from desktop.rules.terms import shown_status_label as status_label


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """One status change, as the agent reads it."""

    at: datetime
    status: str
    label: str
    rule_id: str | None
    source: str  # guichet or central
    note: str | None


@dataclass(frozen=True, slots=True)
class ProcurationRow:
    """A procuration found by a search, with who confirmed it and its history."""

    id: str
    source: str  # "local" (this counter's store) or "central"
    receipt_number: str
    mandant: str
    mandant_birth: date | None
    mandataire: str
    validity: str
    channel: str
    status: str
    rule_id: str | None
    confirmed: bool  # the central store answered for this record
    established_at: datetime
    history: tuple[HistoryItem, ...] = ()  # empty in a search's rows: DeskServices.history, for the row looked at
    mandant_id: str = ""
    revocation_pending: bool = False  # revoked here, the central store has not confirmed the résiliation yet
    central_role: str = ""  # central rows: "mandant" or "mandataire", the searched person's part
    over: bool = False  # its last covered day is past on the station's day: expired (§8), in force no more

    @property
    def expired(self) -> bool:
        """In force as recorded, but its validity is over (§8: « Expirée »; never revoked, R-REVOKE-2)."""
        return self.over and self.status in IN_FORCE

    @property
    def status_label(self) -> str:
        """French status, with the rule id when invalidated."""
        label = status_label(Status.EXPIREE if self.expired else self.status)
        return f"{label} ({self.rule_id})" if self.rule_id else label

    @property
    def advice(self) -> str | None:
        """What to tell the mandant about this procuration (R-ELIG-5: an annulled one needs another mandataire)."""
        return _(TELL_MANDANT) if self.status == Status.ANNULEE else None

    @property
    def confirmation_label(self) -> str:
        """Whether the central store has confirmed the record, in French."""
        if self.source == "central":
            return _("Répertoire central")
        if self.revocation_pending:
            return _("Résiliation en attente du central")
        return _("Confirmée par le central") if self.confirmed else _("En attente du central")


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What the agent typed in the search field, and an optional birth date.

    `named`: the surname and the given names apart, when the form has them (services/national_fetch). The central
    store is asked by both; the typed text is split at its first space, which read « LE GALL Yann » as the surname
    « LE » (the register knew no such elector: nothing found elsewhere, no R-VALID-6 warning)."""

    text: str
    birth_date: date | None = None
    named: tuple[str, str] | None = None
