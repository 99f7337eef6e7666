"""The simulated agent card of demo mode and tests: inserted at the start, pulled out and put back on demand."""

from __future__ import annotations

from desktop.devices.agent_card.base import Presence, WatchBase
from desktop.i18n import N_

SIMULATED_AGENT_READER = N_("Lecteur de carte agent simulé (démonstration)")


class FakeAgentCard(WatchBase):
    """`remove()` is the agent taking their card away; `insert()` puts it back; `unplug()` pulls the reader out."""

    def __init__(self, *, present: bool = True) -> None:
        super().__init__(SIMULATED_AGENT_READER, Presence.PRESENT if present else Presence.ABSENT)
        self._reader = SIMULATED_AGENT_READER

    def insert(self) -> None:
        self._set(Presence.PRESENT, SIMULATED_AGENT_READER)

    def remove(self) -> None:
        self._set(Presence.ABSENT, SIMULATED_AGENT_READER)

    def unplug(self) -> None:
        self._set(Presence.NO_READER)

    def start(self) -> None:
        return None

    def close(self) -> None:
        with self._lock:
            self._listeners.clear()
