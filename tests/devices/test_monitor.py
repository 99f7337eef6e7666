"""The device monitor pushes a snapshot to its listeners when the devices' state changes, never otherwise."""

from __future__ import annotations

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
