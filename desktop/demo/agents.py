"""The demo's agents: two or three fictitious accounts of different roles, so that switching shows what each may do."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.rules.terms import Capacity, PlaceKind, Role
from desktop.services.permissions import Principal

DEMO_AGENT_NAME = "Agent de démonstration"
DEMO_PASSWORD = "demo"  # the demo's lock screen: fictitious agents, a password printed on the screen


@dataclass(frozen=True, slots=True)
class DemoAgent:
    """One fictitious account: its id and login, the name printed on receipts, role and capacity."""

    agent_id: str
    login: str
    name: str
    role: Role
    capacity: Capacity
    designated_by: str | None = None  # a délégué OPJ: the demo OPJ who designated them (R-AUTH-3)

    def principal(self, *, station_code: str, station_kind: PlaceKind) -> Principal:
        return Principal(
            station_code=station_code,
            agent_id=self.agent_id,
            role=self.role,
            capacity=self.capacity,
            station_kind=station_kind.value,
            designated_by=self.designated_by,
        )


_AT_HOME = (
    DemoAgent("demo-agent", "demo", DEMO_AGENT_NAME, Role.AGENT_POLICE, Capacity.OPJ),
    DemoAgent("demo-apj", "demo-apj", "Agente de démonstration Roux", Role.AGENT_POLICE, Capacity.APJ),
    DemoAgent("demo-superviseur", "demo-sup", "Superviseur de démonstration", Role.SUPERVISEUR, Capacity.OFFICIER),
    # A délégué OPJ establishes only under the visa of an OPJ of the station (R-AUTH-3): « Faire viser par l'OPJ ».
    DemoAgent(
        "demo-delegue",
        "demo-del",
        "Délégué de démonstration Moreau",
        Role.AGENT_POLICE,
        Capacity.DELEGUE_OPJ,
        designated_by="demo-agent",
    ),
)
_ABROAD = (
    DemoAgent("demo-agent", "demo", DEMO_AGENT_NAME, Role.AGENT_CONSULAIRE, Capacity.CHEF_POSTE),
    DemoAgent(
        "demo-consulaire",
        "demo-ac",
        "Agente consulaire de démonstration",
        Role.AGENT_CONSULAIRE,
        Capacity.AGENT_CONSULAIRE,
    ),
    DemoAgent("demo-superviseur", "demo-sup", "Superviseur de démonstration", Role.SUPERVISEUR, Capacity.OFFICIER),
)


def demo_agents(kind: PlaceKind) -> tuple[DemoAgent, ...]:
    """The demo accounts of a station of this kind; the first is the one the demo opens with."""
    return _ABROAD if kind.abroad else _AT_HOME
