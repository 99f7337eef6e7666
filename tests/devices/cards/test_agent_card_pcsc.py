"""The agent card watched through the real PC/SC stack (pcscd, vpcd): pulled out, the watch says so at once; the
document reader leaves the agent card's reader alone (spec/security.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from desktop.devices.agent_card import Presence, matches
from desktop.devices.agent_card.pcsc import PcscAgentCard
from desktop.devices.cards.errors import CardError
from desktop.devices.cards.handler import FixedHandler
from desktop.devices.cards.pcsc import PcscCardReader
from desktop.devices.cards.vchip.stack import READER_0, READER_1, PcscDaemon, wait_for
from desktop.devices.cards.vchip.vpcd import VpcdCard

InsertCard = Callable[..., VpcdCard]

pytestmark = pytest.mark.pcsc
TIMEOUT = 30


@pytest.fixture
def watch(pcscd: PcscDaemon) -> Iterator[PcscAgentCard]:
    """The agent card's reader is the first vpcd reader, named by a part of its PC/SC name as IT would."""
    card = PcscAgentCard("pcd 00 00", wait_ms=200, rescan=0.05)
    seen: list[Presence] = []
    card.subscribe(seen.append)
    card.seen = seen  # type: ignore[attr-defined]
    card.start()
    yield card
    card.close()


def test_the_watch_sees_the_card_come_and_go_in_order(watch: PcscAgentCard, insert_card: InsertCard) -> None:
    seen: list[Presence] = watch.seen  # type: ignore[attr-defined]
    assert wait_for(lambda: watch.presence() is Presence.ABSENT)  # the reader found, empty
    assert watch.reader() == READER_0
    card = insert_card("martin-claire", READER_0)
    assert wait_for(lambda: watch.presence() is Presence.PRESENT)
    card.remove()
    assert wait_for(lambda: watch.presence() is Presence.ABSENT)
    assert seen[-3:] == [Presence.ABSENT, Presence.PRESENT, Presence.ABSENT]


def test_a_card_in_another_reader_is_not_the_agent_card(watch: PcscAgentCard, insert_card: InsertCard) -> None:
    assert wait_for(lambda: watch.presence() is Presence.ABSENT)
    insert_card("martin-claire", READER_1)
    reader = PcscCardReader(monitor=False)
    assert wait_for(lambda: reader.card_present(READER_1))
    assert watch.presence() is Presence.ABSENT


def test_the_document_reader_neither_lists_nor_reads_the_agent_cards_reader(
    pcscd: PcscDaemon, insert_card: InsertCard
) -> None:
    """An agent card sits in the first reader, which sorts first: a read with no reader named takes the document in
    the second, and naming the agent card's reader is refused as an unknown reader."""
    reader = PcscCardReader(poll_interval=0.05, reserved=lambda name: matches("PCD 00 00", name))
    try:
        assert wait_for(lambda: reader.readers() == [READER_1])
        insert_card("dubois-jean", READER_0)  # the agent's card
        insert_card("martin-claire", READER_1)  # the citizen's document
        assert wait_for(lambda: reader.card_present(READER_1))
        identity = reader.read_identity(FixedHandler(can="123456")).result(TIMEOUT)
        assert identity.surname == "MARTIN"
        with pytest.raises(CardError):
            reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(TIMEOUT)
    finally:
        reader.close()


def test_a_setting_no_reader_matches_says_so(pcscd: PcscDaemon) -> None:
    card = PcscAgentCard("Lecteur Gemalto du bureau 12", wait_ms=200, rescan=0.05)
    card.start()
    try:
        assert wait_for(lambda: card.presence() is Presence.NO_READER)
        assert card.reader() is None
    finally:
        card.close()


def test_close_stops_the_watch_waiting_on_the_reader(pcscd: PcscDaemon) -> None:
    """The thread is blocked in SCardGetStatusChange for as long as nothing changes: close() cancels the wait."""
    card = PcscAgentCard("pcd 00 01", wait_ms=60_000, rescan=0.05)
    card.start()
    assert wait_for(lambda: card.presence() is Presence.ABSENT)
    card.close()
    assert card._thread is not None and not card._thread.is_alive()


def test_the_stations_settings_reserve_the_agent_cards_reader(pcscd: PcscDaemon) -> None:
    """What IT writes in the machine file reaches both devices: the watch on that reader, the documents elsewhere."""
    from desktop.devices.registry import make_agent_card, make_reader
    from desktop.settings_values import Settings

    settings = Settings(card_reader="pcsc", agent_card_reader="Virtual PCD 00 01")
    reader, card = make_reader(settings), make_agent_card(settings)
    card.start()
    try:
        assert isinstance(card, PcscAgentCard)
        assert wait_for(lambda: reader.readers() == [READER_0])
        assert wait_for(lambda: card.reader() == READER_1)
    finally:
        card.close()
        reader.close()
