"""Who is at the counter: the change of agent and the password check of the lock screen, demo or logged in.

Plain Python (no Qt): the views call `switch` and `verify` through the runner (Argon2id takes a while).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from desktop.demo.agents import DEMO_PASSWORD, demo_agents
from desktop.i18n import _
from desktop.rules.terms import Capacity
from desktop.security.roles import may_give_visa, needs_visa
from desktop.services.permissions import Permission, Principal
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.auth import Session

__all__ = ["DemoSeat", "Seat", "SeatAgent", "SeatChoice", "SeatRefused", "SessionSeat"]


class SeatRefused(Exception):
    """A change of agent or an unlock refused; `message` is French for the agent."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class SeatAgent:
    """The agent now at the counter: the principal every act is checked and signed with, the name on receipts."""

    principal: Principal
    name: str
    visa_by: Principal | None = None
    visa_name: str = ""  # the OPJ who gave the visa, as the Établir screen names them

    @property
    def needs_visa(self) -> bool:
        """A délégué OPJ: their procurations need the visa of the OPJ who designated them (R-AUTH-3)."""
        return needs_visa(self.principal.role, self.principal.capacity, Permission.PROCURATION_ETABLIR)

    @property
    def label(self) -> str:
        """Name and capacity, as the window's header shows them."""
        cap = Capacity.parse(self.principal.capacity)
        # A format of its own: in English the capacity explains itself in brackets (« OPJ (judicial police officer) »),
        # which read « (OPJ (judicial police officer)) » here.
        return _("{name} ({capacity})").format(
            name=self.name, capacity=cap.shown_label if cap is not None else _("Agent")
        )


@dataclass(frozen=True, slots=True)
class SeatChoice:
    """An account the demo offers to switch to: its login and what the list shows."""

    login: str
    label: str


class Seat(Protocol):
    """The counter's seat: who sits there now, who may take it, the current agent's password check."""

    @property
    def needs_password(self) -> bool: ...

    @property
    def current(self) -> SeatAgent: ...

    def choices(self) -> list[SeatChoice]: ...

    def switch(self, *, login: str, password: str) -> SeatAgent: ...

    def verify(self, password: str) -> None: ...

    def visa_choices(self) -> list[SeatChoice]: ...

    def give_visa(self, *, login: str, password: str) -> SeatAgent: ...


class DemoSeat:
    """The demo: fictitious agents of different roles, chosen from a list; the lock's password is printed."""

    needs_password = False

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._agents = demo_agents(settings.station_kind)
        self.current = self._seat(self._agents[0].login)

    def _seat(self, login: str) -> SeatAgent:
        s = self._settings
        for agent in self._agents:
            if agent.login == login:
                return SeatAgent(agent.principal(station_code=s.station_code, station_kind=s.station_kind), agent.name)
        raise SeatRefused(_("Agent de démonstration inconnu."))

    def choices(self) -> list[SeatChoice]:
        out = []
        for agent in self._agents:
            out.append(
                SeatChoice(agent.login, f"{agent.name}\n{agent.capacity.shown_label} — {agent.role.shown_label}")
            )
        return out

    def switch(self, *, login: str, password: str = "") -> SeatAgent:
        self.current = self._seat(login)
        return self.current

    def visa_choices(self) -> list[SeatChoice]:
        """The demo's OPJs other than the agent at the counter: who may give a délégué the visa (R-AUTH-3)."""
        return [
            SeatChoice(a.login, f"{a.name}\n{a.capacity.shown_label}")
            for a in self._agents
            if may_give_visa(a.role, a.capacity)
            and a.agent_id != self.current.principal.agent_id
            and self.current.principal.designated_by == a.agent_id
        ]

    def give_visa(self, *, login: str, password: str = "") -> SeatAgent:
        opj = self._seat(login)
        if not may_give_visa(opj.principal.role, opj.principal.capacity) or opj.principal == self.current.principal:
            raise SeatRefused(_("Le visa doit être donné par un OPJ de ce poste (R-AUTH-3)."))
        if self.current.principal.designated_by != opj.principal.agent_id:  # none named: no visa counts (R-AUTH-3)
            raise SeatRefused(_("Le visa doit être celui de l'OPJ qui vous a désigné (R-AUTH-3)."))
        self.current = replace(self.current, visa_by=opj.principal, visa_name=opj.name)
        return self.current

    def verify(self, password: str) -> None:
        if password != DEMO_PASSWORD:
            raise SeatRefused(
                _("Mot de passe incorrect (démonstration : « {DEMO_PASSWORD} »).").format(DEMO_PASSWORD=DEMO_PASSWORD)
            )


class SessionSeat:
    """A logged-in station: another agent of the station signs in with their own password (audited, offline)."""

    needs_password = True

    def __init__(self, session: Session) -> None:
        self._session = session
        self._visa_name = ""

    @property
    def current(self) -> SeatAgent:
        s = self._session
        return SeatAgent(s.result.principal, s.display_name, s.visa_by, self._visa_name if s.visa_by else "")

    def choices(self) -> list[SeatChoice]:
        return []  # logins are typed, never listed

    def visa_choices(self) -> list[SeatChoice]:
        return []

    def give_visa(self, *, login: str, password: str) -> SeatAgent:
        from desktop.security.keyslots import LoginRefused
        from desktop.services.agents import AccountError

        try:
            _opj, self._visa_name = self._session.give_visa(login_name=login, password=password)
        except (LoginRefused, AccountError) as exc:
            raise SeatRefused(exc.message) from None
        return self.current

    def switch(self, *, login: str, password: str) -> SeatAgent:
        from desktop.security.keyslots import LoginRefused
        from desktop.services.agents import AccountError

        try:
            self._session.switch_agent(login_name=login, password=password)
        except (LoginRefused, AccountError) as exc:
            raise SeatRefused(exc.message) from None
        return self.current

    def verify(self, password: str) -> None:
        from desktop.security.keyslots import LoginRefused
        from desktop.services.agents import AccountError

        try:
            self._session.verify(password)
        except (LoginRefused, AccountError) as exc:
            raise SeatRefused(exc.message) from None
