"""Fixtures for the real PC/SC stack: pcscd (started if needed, stopped by its own handle) and vpcd cards."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.pcsc import PcscCardReader
from desktop.devices.cards.vchip.build import build_content
from desktop.devices.cards.vchip.chip import VirtualChip
from desktop.devices.cards.vchip.stack import READER_0, PcscDaemon, missing_stack, wait_for
from desktop.devices.cards.vchip.vpcd import VPCD_PORTS, VpcdCard


@pytest.fixture(scope="session")
def pcscd() -> Iterator[PcscDaemon]:
    """A running pcscd with the vpcd readers; fails in CI and skips elsewhere when the packages are missing."""
    reason = missing_stack()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"pile PC/SC absente en CI : {reason}")
        pytest.skip(f"pile PC/SC absente : {reason}")
    daemon = PcscDaemon()
    daemon.start()
    yield daemon
    daemon.stop()


@pytest.fixture
def pcsc_reader(pcscd: PcscDaemon) -> Iterator[PcscCardReader]:
    """The real driver, monitoring quickly so tests do not wait."""
    reader = PcscCardReader(poll_interval=0.05)
    assert wait_for(lambda: READER_0 in reader.readers())
    yield reader
    reader.close()


InsertCard = Callable[..., VpcdCard]  # (person_id, reader=READER_0, *, tamper_dg1=False, profile="standard")


@pytest.fixture
def insert_card(pcscd: PcscDaemon) -> Iterator[InsertCard]:
    """Insert a demo person's virtual document in a vpcd reader; everything inserted is pulled out afterwards."""
    cards: list[VpcdCard] = []

    def insert(
        person_id: str, reader: str = READER_0, *, tamper_dg1: bool = False, profile: str = "standard"
    ) -> VpcdCard:
        chip = VirtualChip(build_content(demo_person(person_id), tamper_dg1=tamper_dg1, profile=profile))
        card = VpcdCard(chip, VPCD_PORTS[reader])
        card.insert()
        cards.append(card)
        return card

    yield insert
    for card in cards:
        card.remove()
    reader = PcscCardReader(monitor=False)
    wait_for(lambda: not any(reader.card_present(name) for name in VPCD_PORTS))
