"""The agent card's rule (`lost`), its reader's name, the Fake and the Null watches, and the PC/SC watch when the
service fails under it (spec/security.md: the session locks when the agent's card is removed)."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.devices.agent_card import NullAgentCard, Presence, lost, matches
from desktop.devices.agent_card import pcsc as watch_module
from desktop.devices.agent_card.fake import FakeAgentCard
from desktop.devices.cards.vchip.stack import wait_for
from desktop.devices.registry import make_agent_card
from desktop.settings_values import Settings, SettingsError, validate


def test_only_a_card_seen_present_then_gone_locks() -> None:
    for before, after in itertools.product(Presence, Presence):
        assert lost(before, after) == (before is Presence.PRESENT and after is not Presence.PRESENT)


def test_the_reader_is_found_by_a_part_of_its_name_case_ignored() -> None:
    assert matches("gemalto pc twin", "Gemalto PC Twin Reader 00 00")
    assert matches("  Twin Reader ", "Gemalto PC Twin Reader 01 00")
    assert not matches("Omnikey", "Gemalto PC Twin Reader 00 00")
    assert not matches("", "Gemalto PC Twin Reader 00 00")  # no setting reserves nothing
    assert not matches("   ", "Gemalto PC Twin Reader 00 00")


@given(st.text(max_size=40), st.text(max_size=80))
def test_matching_any_setting_against_any_reader_name_never_fails(setting: str, reader: str) -> None:
    assert isinstance(matches(setting, reader), bool)


def test_the_fake_tells_each_change_once_and_survives_a_faulty_listener() -> None:
    card = FakeAgentCard()
    seen: list[Presence] = []

    def faulty(_presence: Presence) -> None:
        raise RuntimeError("a view's bug")

    card.subscribe(faulty)
    card.subscribe(seen.append)
    card.insert()  # already in: nothing to tell
    card.remove()
    card.remove()
    card.unplug()
    card.insert()
    assert seen == [Presence.ABSENT, Presence.NO_READER, Presence.PRESENT]


def test_settings_choose_the_watch() -> None:
    assert make_agent_card(Settings()).presence() is Presence.UNUSED
    assert isinstance(make_agent_card(Settings(demo=True)), FakeAgentCard)
    null = NullAgentCard()
    assert not null.reserves("Virtual PCD 00 00")


def test_a_setting_too_short_or_unprintable_is_refused_in_french() -> None:
    validate(Settings(agent_card_reader="Gemalto"))
    validate(Settings(agent_card_reader=""))
    for bad in ("ab", "Gem\x00alto", "x" * 201):
        with pytest.raises(SettingsError, match="Lecteur de la carte agent"):
            validate(Settings(agent_card_reader=bad))


class _Scard:
    """pyscard's `scard` as a failing service answers: no context, then a context and an empty reader."""

    SCARD_S_SUCCESS = 0
    SCARD_SCOPE_USER = 0
    SCARD_STATE_UNAWARE = 0
    SCARD_STATE_CHANGED = 2
    SCARD_STATE_UNKNOWN = 4
    SCARD_STATE_UNAVAILABLE = 8
    SCARD_STATE_EMPTY = 0x10
    SCARD_STATE_PRESENT = 0x20
    SCARD_E_NO_SERVICE = -1
    SCARD_E_TIMEOUT = -2
    SCARD_E_CANCELLED = -3
    SCARD_E_UNKNOWN_READER = -4
    SCARD_E_READER_UNAVAILABLE = -5
    SCARD_E_NO_READERS_AVAILABLE = -6

    def __init__(self) -> None:
        self.up = threading.Event()
        self.present = False
        self.changed = threading.Event()

    def SCardEstablishContext(self, _scope: int) -> tuple[int, Any]:
        return (0, object()) if self.up.is_set() else (self.SCARD_E_NO_SERVICE, None)

    def SCardReleaseContext(self, _context: Any) -> int:
        return 0

    def SCardCancel(self, _context: Any) -> int:
        self.changed.set()
        return 0

    def SCardListReaders(self, _context: Any, _groups: list[str]) -> tuple[int, list[str]]:
        if not self.up.is_set():
            return self.SCARD_E_NO_SERVICE, []
        return 0, ["Lecteur agent 00 00"]

    def SCardGetStatusChange(self, _context: Any, timeout: int, states: list[Any]) -> tuple[int, list[Any]]:
        name, known = states[0]
        if not self.up.is_set():
            return self.SCARD_E_NO_SERVICE, []
        now = self.SCARD_STATE_PRESENT if self.present else self.SCARD_STATE_EMPTY
        if known & ~self.SCARD_STATE_CHANGED == now:
            self.changed.wait(timeout / 1000)
            self.changed.clear()
            return self.SCARD_E_TIMEOUT, []
        return 0, [(name, now | self.SCARD_STATE_CHANGED, [])]


def test_a_pcsc_service_that_stops_ends_the_presence_and_is_found_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """pcscd restarted under a watched card: UNAVAILABLE (the counter locks: `lost`), then the card seen again."""
    fake = _Scard()
    monkeypatch.setattr(watch_module, "scard", fake)
    watch = watch_module.PcscAgentCard("lecteur agent", wait_ms=50, rescan=0.02)
    seen: list[Presence] = []
    watch.subscribe(seen.append)
    watch.start()
    try:
        assert wait_for(lambda: watch.presence() is Presence.UNAVAILABLE)
        fake.present = True
        fake.up.set()
        assert wait_for(lambda: watch.presence() is Presence.PRESENT)
        fake.up.clear()
        fake.changed.set()
        assert wait_for(lambda: watch.presence() is Presence.UNAVAILABLE)
        assert lost(Presence.PRESENT, Presence.UNAVAILABLE)
        fake.up.set()
        assert wait_for(lambda: watch.presence() is Presence.PRESENT)
        assert seen == [Presence.UNAVAILABLE, Presence.PRESENT, Presence.UNAVAILABLE, Presence.PRESENT]
    finally:
        watch.close()


def test_a_namespace_without_pyscard_gives_a_watch_that_says_it_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch_module, "scard", None)
    card = make_agent_card(Settings(agent_card_reader="Gemalto"))
    assert card.presence() is Presence.UNAVAILABLE
    assert card.reserves("Gemalto PC Twin Reader 00 00")
