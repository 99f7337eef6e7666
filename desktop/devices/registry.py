"""Pick each device from the settings: a real driver, the Fake (demo) or the Null one (nothing plugged in)."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from desktop.devices.agent_card import AgentCardWatch, NullAgentCard, Presence, matches
from desktop.devices.cards.base import CardReader
from desktop.devices.cards.passive_auth import CscaList
from desktop.devices.cards.registry import make_card_reader
from desktop.devices.printers.base import ReceiptPrinter
from desktop.devices.printers.registry import PrinterSettings
from desktop.devices.printers.registry import make_printer as make_printer_from
from desktop.i18n import _
from desktop.settings import Settings, SettingsError

if TYPE_CHECKING:
    from desktop.receipts.layout import Paper  # its module imports the QR code's library

log = logging.getLogger(__name__)


def reader_mode(settings: Settings) -> str:
    """Settings' card_reader (auto, pcsc, simule, aucun) to the cards registry's mode; the demo simulates."""
    if settings.demo or settings.card_reader == "simule":
        return "demo"
    if settings.card_reader in ("auto", "pcsc"):
        return "pcsc"
    return "none"


DEMO_CARD_ENV = "GUICHET_DEMO_PUCE"  # demo only: "PROFIL" or "PERSONNE:PROFIL" on the simulated reader


def make_reader(settings: Settings) -> CardReader:
    """The reader, given the station's CSCA master list (read at the first chip read); the demo's simulated reader
    trusts its own test CSCA, which signs every demo document."""
    mode = reader_mode(settings)
    csca = None
    if settings.csca_list is not None and mode == "pcsc":
        csca = CscaList(settings.csca_list, signer=settings.csca_list_signer)
    wanted = settings.agent_card_reader

    def reserved(name: str) -> bool:  # the agent card's reader holds no identity document
        return matches(wanted, name)

    return make_card_reader(
        mode,
        csca=csca,
        demo_card=os.environ.get(DEMO_CARD_ENV) if settings.demo else None,
        reserved=reserved if wanted.strip() else None,
    )


def make_agent_card(settings: Settings) -> AgentCardWatch:
    """The agent card's watch (spec/security.md): simulated in the demo, on PC/SC when the settings name its
    reader, none otherwise. Named but not watchable here (pyscard missing), it says so on the Appareils screen."""
    if settings.demo:
        from desktop.devices.agent_card.fake import FakeAgentCard

        return FakeAgentCard()
    wanted = settings.agent_card_reader.strip()
    if not wanted:
        return NullAgentCard()
    from desktop.devices.agent_card.pcsc import PcscAgentCard, scard

    if scard is None:
        log.warning("pyscard unavailable: the agent card cannot be watched")
        return NullAgentCard(wanted, Presence.UNAVAILABLE)
    return PcscAgentCard(wanted)


def printer_settings(settings: Settings) -> PrinterSettings:
    """The application settings in the printers' own terms; a bad ESC/POS address is a SettingsError."""
    paper: Paper = "roll80" if settings.printer_paper == "rouleau80" else "a4"
    kind = "simule" if settings.demo else settings.receipt_printer
    simple = {"simule": "fake", "aucune": "none"}
    if kind in simple:
        return PrinterSettings(kind=simple[kind])
    if kind == "pdf":
        return PrinterSettings(kind="pdf-file", directory=str(settings.receipts_dir), paper=paper)
    if kind == "systeme":
        return PrinterSettings(kind="system", printer_name=settings.printer_address, paper=paper)
    address = settings.printer_address
    scheme, _unused, rest = address.partition(":")
    profile = settings.printer_profile
    try:
        if scheme == "tcp":
            host, _unused, port = rest.partition(":")
            if host:
                return PrinterSettings(kind="escpos-network", host=host, port=int(port or 9100), profile=profile)
        elif scheme == "usb":
            vid, _unused, pid = rest.partition(":")
            return PrinterSettings(kind="escpos-usb", vendor_id=int(vid, 16), product_id=int(pid, 16), profile=profile)
        elif scheme == "serial":
            device, sep, baud = rest.rpartition(":")
            if not sep or not baud.isdigit():
                device, baud = rest, "19200"
            return PrinterSettings(kind="escpos-serial", device=device, baudrate=int(baud), profile=profile)
        elif scheme == "file" and rest:
            return PrinterSettings(kind="escpos-file", device=rest, profile=profile)
    except ValueError:
        pass
    raise SettingsError(
        _(
            "Adresse d'imprimante ESC/POS invalide « {address} » : tcp:ADRESSE[:PORT], usb:VID:PID, "
            "serial:PERIPHERIQUE[:VITESSE] ou file:CHEMIN."
        ).format(address=address)
    )


def make_printer(settings: Settings) -> ReceiptPrinter:
    """The receipt printer the settings name; the demo prints to a simulated printer that keeps the receipts."""
    return make_printer_from(printer_settings(settings))
