"""What the agent-card watch says, the one rule about it (`lost`), and the Null watch of a station without a card."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from desktop.i18n import N_, _

log = logging.getLogger(__name__)


class Presence(StrEnum):
    """The agent card's reader as the watch last saw it."""

    UNUSED = "non_utilisee"  # the station uses no agent card (no reader named in its settings)
    PRESENT = "presente"
    ABSENT = "absente"
    NO_READER = "lecteur_absent"  # no connected reader matches the setting (unplugged)
    UNAVAILABLE = "pcsc_indisponible"  # the PC/SC service does not answer

    @property
    def shown(self) -> str:
        """The Appareils screen's words for it."""
        return _(_SHOWN[self])


_SHOWN = {
    Presence.UNUSED: N_("non utilisée sur ce poste"),
    Presence.PRESENT: N_("présente"),
    Presence.ABSENT: N_("retirée"),
    Presence.NO_READER: N_("lecteur débranché ou introuvable"),
    Presence.UNAVAILABLE: N_("service PC/SC indisponible"),
}

Listener = Callable[[Presence], None]


def lost(before: Presence, after: Presence) -> bool:
    """Whether going from `before` to `after` means the card left the counter: the session locks at once.

    A pulled card, an unplugged reader and a PC/SC service that stops all end a presence the watch saw; a card
    that was never seen locks nothing (a station may start before its agent inserts the card)."""
    return before is Presence.PRESENT and after is not Presence.PRESENT


def matches(setting: str, reader: str) -> bool:
    """Whether `reader` (a PC/SC name such as « Gemalto PC Twin Reader 00 00 ») is the one the setting names.

    The setting is the name or a part of it, case ignored: PC/SC adds slot numbers that change with the port."""
    wanted = setting.strip().casefold()
    return bool(wanted) and wanted in reader.casefold()


class AgentCardWatch(Protocol):
    """Tells its listeners (on its own thread) each change of the agent card's presence."""

    setting: str  # what the station's settings name ("" without an agent card)

    def presence(self) -> Presence:
        """The last state seen; never blocks."""
        ...

    def reader(self) -> str | None:
        """The reader watched now (None without one)."""
        ...

    def reserves(self, reader: str) -> bool:
        """Whether `reader` is the agent card's: the document reader neither lists nor reads it."""
        ...

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` with every later change (on the watch's thread)."""
        ...

    def start(self) -> None:
        """Begin watching (a thread of its own)."""
        ...

    def close(self) -> None:
        """Stop watching."""
        ...


class WatchBase:
    """Listeners and the state every watch shares; `_set` tells the listeners of a change, once."""

    def __init__(self, setting: str, initial: Presence) -> None:
        self.setting = setting
        self._presence = initial
        self._reader: str | None = None
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def presence(self) -> Presence:
        return self._presence

    def reader(self) -> str | None:
        return self._reader

    def reserves(self, reader: str) -> bool:
        return matches(self.setting, reader)

    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def _set(self, presence: Presence, reader: str | None = None) -> None:
        with self._lock:
            changed = presence is not self._presence
            self._presence, self._reader = presence, reader
            listeners = list(self._listeners) if changed else []
        for listener in listeners:
            try:
                listener(presence)
            except Exception:  # a view's bug must not stop the watch
                log.exception("agent card listener failed")


class NullAgentCard(WatchBase):
    """Nothing watched, nothing ever locks: a station without an agent card (UNUSED), or one whose card cannot be
    watched here (pyscard missing: UNAVAILABLE, which the Appareils screen shows; its reader is still reserved)."""

    def __init__(self, setting: str = "", presence: Presence = Presence.UNUSED) -> None:
        super().__init__(setting, presence)

    def start(self) -> None:
        return None

    def close(self) -> None:
        with self._lock:
            self._listeners.clear()
