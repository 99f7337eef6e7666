"""The Tableau de bord's plain values: kinds of act, French labels, figures, the acts behind a bar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desktop.i18n import N_, _
from desktop.rules.terms import Channel, Status
from desktop.services.ivote import IvoteStatus
from desktop.services.passport_values import PassportStatus

DAYS = 30


class ActKind(StrEnum):
    """The kinds of act the dashboard counts, each with its French label."""

    PROCURATION = "procuration"
    RESILIATION = "resiliation"
    PASSEPORT = "passeport"
    VOTE_INTERNET = "vote_internet"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def shown_label(self) -> str:
        """The label on screen, in the agent's language (``label`` stays French: the activity report prints it)."""
        return _(_KIND_LABELS[self])

    @property
    def one_label(self) -> str:
        """One act of this kind, in French (a line of the activity report); ``label`` names the kind's total."""
        return _ONE_LABELS[self]

    @property
    def shown_one_label(self) -> str:
        """One act of this kind, in the agent's language (a row of the dashboard's list of acts)."""
        return _(_ONE_LABELS[self])


_KIND_LABELS = {
    ActKind.PROCURATION: N_("Procurations"),
    ActKind.RESILIATION: N_("Résiliations"),
    ActKind.PASSEPORT: N_("Passeports"),
    ActKind.VOTE_INTERNET: N_("Vote par internet"),
}
_ONE_LABELS = {
    ActKind.PROCURATION: N_("Procuration"),
    ActKind.RESILIATION: N_("Résiliation"),
    ActKind.PASSEPORT: N_("Passeport"),
    ActKind.VOTE_INTERNET: N_("Vote par internet"),
}


def channel_label(value: str | None) -> str:
    """French label of a stored channel ('—' for a renewal, which has none)."""
    if not value:
        return "—"
    try:
        return Channel(value).label
    except ValueError:
        return value


def shown_channel_label(value: str | None) -> str:
    """``channel_label`` on screen, in the agent's language."""
    label = channel_label(value)
    return _(label) if label != value else label


def shown_status_label(value: str) -> str:
    """``status_label`` on screen, in the agent's language."""
    label = status_label(value)
    return _(label) if label != value else label


def status_label(value: str) -> str:
    """French label of a stored status: a procuration's, a passport case's or an internet-vote request's."""
    for term in (Status, PassportStatus, IvoteStatus):
        try:
            return str(term(value).label)
        except ValueError:
            continue
    return value


@dataclass(frozen=True, slots=True)
class Series:
    """One bar series: a key ('kind' or 'channel', value), its French label and a count per day."""

    axis: str
    key: str
    label: str
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often a rule refused an act on arrival at the central store, or invalidated it later."""

    rule_id: str
    refused: int
    invalidated_later: int
    reason: str = ""  # what the central store finds under the rule, in words (the agent's language)


@dataclass(frozen=True, slots=True)
class SyncFigures:
    """Entries waiting for the central store, the oldest one's time, the last success, the backlog per day."""

    pending: int
    oldest_pending_at: datetime | None
    last_success_at: datetime | None
    backlog: tuple[int, ...]  # entries waiting at the end of each day


@dataclass(frozen=True, slots=True)
class RenewalFigures:
    """Passport returns due in 7 days, overdue returns, internet-vote renewals of the period."""

    passport_returns_due: int
    passport_returns_overdue: int
    ivote_renewals: int


@dataclass(frozen=True, slots=True)
class AgentCount:
    """One agent's acts (every kind): today and over the last 7 days, station days."""

    name: str
    today: int
    week: int


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    """Everything the Tableau de bord shows; `days` are the station's calendar days, oldest first."""

    today: date
    days: tuple[date, ...]
    by_kind: tuple[Series, ...]
    by_channel: tuple[Series, ...]
    rules: tuple[RuleCount, ...]
    sync: SyncFigures
    renewals: RenewalFigures
    # How the mandants' identities were taken, over the period: (IdentitySource value, procurations), in the enum's
    # order; from each act's audit event (acts saved before it was kept there are not counted).
    identities: tuple[tuple[str, int], ...] = ()
    by_agent: tuple[AgentCount, ...] = ()  # the agents with acts in the last 7 days, most acts first

    @property
    def total(self) -> int:
        return sum(sum(s.counts) for s in self.by_kind)


@dataclass(frozen=True, slots=True)
class CentralFigures:
    """What the central store received from this station over the period (None fields: not asked or offline)."""

    state: str  # "en_ligne", "hors_ligne", "non_configure", "non_joint" (set up, not reached yet)
    text: str  # one French sentence for the screen
    received: int = 0
    refusals: int = 0
    late: int = 0
    last_contact: datetime | None = None


@dataclass(frozen=True, slots=True)
class ActRow:
    """One act as the supervisor sees it: no elector's name, only what identifies the act and who made it."""

    kind: str
    kind_label: str
    receipt_number: str
    at: datetime
    channel: str | None
    channel_label: str
    status: str
    status_label: str
    agent_id: str
    agent_name: str
    agent_login: str = ""  # the login the Agents screen shows as « Identifiant »
    decision: str = ""  # behind a rule's figures: « Refus à l'arrivée » or « Invalidée ensuite »
