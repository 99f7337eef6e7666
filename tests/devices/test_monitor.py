"""The device monitor pushes a snapshot to its listeners when the devices' state changes, never otherwise."""

from __future__ import annotations

import pytest

from desktop.devices.cards.fake import NullCardReader
from desktop.devices.monitor import UNKNOWN, DeviceMonitor, DeviceSnapshot
from desktop.devices.printers.fake import FakePrinter


def test_listeners_get_the_current_snapshot_then_each_change() -> None:
    printer = FakePrinter()
    monitor = DeviceMonitor(NullCardReader(), printer)
    seen: list[DeviceSnapshot] = []
    monitor.subscribe(seen.append)
    assert seen == [UNKNOWN]
    monitor.poll()
    monitor.poll()  # nothing changed: nothing pushed
    printer.set_paper_out()
    monitor.poll()
    assert [(s.reader_text, s.printer_text, s.printer_ok) for s in seen[1:]] == [
        ("aucun", "prête", True),
        ("aucun", "plus de papier", False),
    ]


def test_a_failing_driver_is_said_in_the_agents_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader or printer driver that raises: the status bar said « Lecteur : erreur » in English too (« Reader:
    erreur »), the word hard-coded beside the translated ones."""
    from pseudo_gettext import CLOSE, OPEN, pseudo_english

    class Broken(NullCardReader):
        available = True  # type: ignore[assignment]

        def readers(self) -> list[str]:
            raise OSError("driver gone")

    printer = FakePrinter()
    monkeypatch.setattr(printer, "status", Broken().readers)
    with pseudo_english(monkeypatch):
        snapshot = DeviceMonitor(Broken(), printer).poll()
    assert (snapshot.reader_text, snapshot.printer_text) == (f"{OPEN}erreur{CLOSE}", f"{OPEN}erreur{CLOSE}")
    assert not snapshot.reader_ok and not snapshot.printer_ok
