"""The simulated reader of demo mode and desk tests (virtual chip in process), and the Null reader."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.devices.cards.base import CardEventKind, ReaderBase
from desktop.devices.cards.demo_persons import DemoPerson, demo_person
from desktop.devices.cards.errors import card_error
from desktop.devices.cards.handler import AccessKey, CardHandler
from desktop.devices.cards.identity import IdentityRead
from desktop.devices.cards.passive_auth import CscaSource
from desktop.devices.cards.transport import Connection
from desktop.devices.cards.vchip.pki import DemoCscas
from desktop.devices.cards.vchip.profiles import ChipProfile, atr_for
from desktop.i18n import N_

if TYPE_CHECKING:  # imported by `insert`: the chip's content (PIL for its portrait) waits for the first card
    from desktop.devices.cards.vchip.build import ChipContent
    from desktop.devices.cards.vchip.chip import VirtualChip

# The reader's name (the key its slot is found by) stays this French text; screens show it through the catalog.
SIMULATED_READER = N_("Lecteur simulé (démonstration)")


@dataclass
class _Slot:
    chip: VirtualChip | None = None
    remove_after: int | None = None


class FakeCardReader(ReaderBase):
    """Serves the virtual chip without pcscd; tests insert a demo person's document and pull it out."""

    def __init__(
        self,
        names: tuple[str, ...] = (SIMULATED_READER,),
        *,
        latency: float = 0.0,
        csca: CscaSource = None,
        trust_test_csca: bool = True,
    ) -> None:
        if csca is None and trust_test_csca:
            csca = DemoCscas()  # made at the first read, on the reader's thread: not on the way to "ready"
        super().__init__(csca=csca)
        self.latency = latency
        self._slots = {name: _Slot() for name in names}
        self._slot_lock = threading.Lock()

    def readers(self) -> list[str]:
        """The simulated reader names."""
        return list(self._slots)

    def card_present(self, reader: str) -> bool:
        """Whether a virtual document is inserted in `reader`."""
        with self._slot_lock:
            slot = self._slots.get(reader)
            return slot is not None and slot.chip is not None

    def insert(
        self,
        document: DemoPerson | ChipContent | str,
        *,
        reader: str | None = None,
        tamper_dg1: bool = False,
        remove_after_apdus: int | None = None,
        profile: ChipProfile | str = "standard",
    ) -> VirtualChip:
        """Put a document on the reader: a demo person (or their id) or prepared chip content, its chip answering
        as `profile` says."""
        from desktop.devices.cards.vchip.build import ChipContent, build_content
        from desktop.devices.cards.vchip.chip import VirtualChip

        name = reader or next(iter(self._slots))
        if isinstance(document, str):
            document = demo_person(document)
        if isinstance(document, ChipContent):
            content = document
        else:
            content = build_content(document, tamper_dg1=tamper_dg1, profile=profile)
        chip = VirtualChip(content)
        with self._slot_lock:
            self._slots[name] = _Slot(chip, remove_after_apdus)
        self._emit(CardEventKind.CARD_INSERTED, name)
        return chip

    def remove(self, reader: str | None = None) -> None:
        """Pull the document out of the reader."""
        name = reader or next(iter(self._slots))
        with self._slot_lock:
            had = self._slots[name].chip is not None
            self._slots[name] = _Slot()
        if had:
            self._emit(CardEventKind.CARD_REMOVED, name)

    def _connect(self, reader: str) -> AbstractContextManager[Connection]:
        return self._session(reader)

    @contextmanager
    def _session(self, reader: str) -> Iterator[Connection]:
        with self._slot_lock:
            chip = self._slots[reader].chip
        if chip is None:
            raise card_error("no_card")
        chip.reset()

        def transmit(apdu: bytes) -> bytes:
            with self._slot_lock:
                slot = self._slots[reader]
                present = slot.chip is chip
                pull = present and slot.remove_after is not None and chip.apdu_count >= slot.remove_after
            if pull:
                self.remove(reader)
            if not present or pull:
                raise card_error("card_removed")
            if self.latency:
                time.sleep(self.latency)
            return chip.transmit(apdu)

        yield Connection(transmit, atr_for(chip.content.profile))


class NullCardReader:
    """No reader configured or usable: says so, reads nothing."""

    def __init__(self, reason: str = "no_reader") -> None:
        self.reason = reason
        self.csca: CscaSource = None

    @property
    def available(self) -> bool:
        """Never available."""
        return False

    def readers(self) -> list[str]:
        """None."""
        return []

    def card_present(self, reader: str) -> bool:
        """Never."""
        return False

    def add_listener(self, listener: object) -> None:
        """Nothing will ever happen."""

    def read_identity(
        self, handler: CardHandler, *, reader: str | None = None, access: AccessKey | None = None
    ) -> Future[IdentityRead]:
        """A future already failed with the French reason."""
        future: Future[IdentityRead] = Future()
        future.set_exception(card_error(self.reason))
        return future

    def close(self) -> None:
        """Nothing to stop."""
