"""Pick the card reader implementation from settings and what the machine offers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from desktop.devices.cards.base import CardReader
from desktop.devices.cards.fake import FakeCardReader, NullCardReader
from desktop.devices.cards.passive_auth import CscaSource
from desktop.devices.cards.vchip.profiles import PROFILES

log = logging.getLogger(__name__)


def make_card_reader(
    mode: str,
    *,
    csca: CscaSource = None,
    demo_card: str | None = None,
    reserved: Callable[[str], bool] | None = None,
) -> CardReader:
    """'pcsc' for real readers (Null when PC/SC is missing), 'demo' for the simulated reader, 'none' for Null.

    `demo_card` ("PROFIL" or "PERSONNE:PROFIL", e.g. "slow" or "dubois-jean:bac-only") puts a demo document on the
    simulated reader, its chip answering as that profile, so a demonstration shows how field chips read.
    `reserved` names the PC/SC readers that hold no identity document (the agent card's).
    """
    if mode == "demo":
        reader = FakeCardReader(csca=csca)
        if demo_card:
            person, _, profile = demo_card.rpartition(":")
            try:
                reader.insert(person or "martin-claire", profile=PROFILES[profile].name)
            except KeyError:
                log.warning("unknown demo card (GUICHET_DEMO_PUCE): the simulated reader stays empty")
        return reader
    if mode == "pcsc":
        from desktop.devices.cards.pcsc import PcscCardReader, scard

        if scard is None:
            log.warning("pyscard unavailable: no card reader")
            return NullCardReader("pcsc_unavailable")
        return PcscCardReader(csca=csca, reserved=reserved)
    return NullCardReader()
