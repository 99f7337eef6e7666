"""Pick the card reader implementation from settings and what the machine offers."""

from __future__ import annotations

import logging

from desktop.devices.cards.base import CardReader
from desktop.devices.cards.fake import FakeCardReader, NullCardReader
from desktop.devices.cards.passive_auth import CscaStore

log = logging.getLogger(__name__)


def make_card_reader(mode: str, *, csca: CscaStore | None = None) -> CardReader:
    """'pcsc' for real readers (Null when PC/SC is missing), 'demo' for the simulated reader, 'none' for Null."""
    if mode == "demo":
        return FakeCardReader(csca=csca)
    if mode == "pcsc":
        from desktop.devices.cards.pcsc import PcscCardReader, scard

        if scard is None:
            log.warning("pyscard unavailable: no card reader")
            return NullCardReader("pcsc_unavailable")
        return PcscCardReader(csca=csca)
    return NullCardReader()
